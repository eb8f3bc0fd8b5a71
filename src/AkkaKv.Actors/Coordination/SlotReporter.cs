using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Coordination;

namespace AkkaKv.Actors.Coordination;

/// <summary>Tells the keyspace coordinator, every <see cref="Interval"/>, which slots this node owns and their size.
/// A full report each time (not changes): reports are idempotent, and a coordinator that has just taken over learns
/// the whole map within one interval.</summary>
public sealed class SlotReporter : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    /// <summary>A changed slot's bytes are counted again at most every this many reports (10 s): counting walks every
    /// key, and under steady writes every slot changes between two reports. Key counts are always current.</summary>
    private const int RecountEvery = 5;

    // Each slot's size as last counted: for which incarnation of the slot (a slot that moved away and back is a new
    // one), at which revision, and at which report.
    private readonly (LocalSlot? Slot, long Revision, long Bytes, long Report)[] _sizes;
    private long _reports;

    public SlotReporter(IActorRef coordinator, string address, LocalSlots slots)
    {
        _sizes = new (LocalSlot?, long, long, long)[slots.SlotCount];
        Receive<Tick>(_ =>
        {
            _reports++;
            var owned = new List<SlotStatus>();
            for (var slot = 0; slot < slots.SlotCount; slot++)
            {
                if (slots.Find(slot) is { } local)
                {
                    owned.Add(new SlotStatus(slot, local.State.Count, local.State.Revision, BytesOf(slot, local)));
                }
                else
                {
                    _sizes[slot] = default; // not kept: the slot's old state must not stay reachable from here
                }
            }

            coordinator.Tell(new SlotsReport(address, owned));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private long BytesOf(int slot, LocalSlot local)
    {
        var last = _sizes[slot];
        var revision = local.State.Revision;
        var stale = last.Slot != local || (last.Revision != revision && _reports - last.Report >= RecountEvery);
        if (stale)
        {
            _sizes[slot] = (local, revision, local.State.CountBytes(), _reports);
        }

        return _sizes[slot].Bytes;
    }

    public static Props PropsFor(IActorRef coordinator, string address, LocalSlots slots) =>
        Props.Create(() => new SlotReporter(coordinator, address, slots));

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, TimeSpan.Zero, Interval);
}
