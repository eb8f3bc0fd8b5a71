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

    // Each slot's size as last counted, with the revision it was counted at: counting walks every key, so a slot is
    // counted again only once it has changed.
    private readonly (long Revision, long Bytes)[] _sizes;

    public SlotReporter(IActorRef coordinator, string address, LocalSlots slots)
    {
        _sizes = new (long, long)[slots.SlotCount];
        Array.Fill(_sizes, (-1, 0));
        Receive<Tick>(_ =>
        {
            var owned = new List<SlotStatus>();
            for (var slot = 0; slot < slots.SlotCount; slot++)
            {
                if (slots.Find(slot) is { } local)
                {
                    var revision = local.State.Revision;
                    owned.Add(new SlotStatus(slot, local.State.Count, revision, BytesOf(slot, local.State, revision)));
                }
            }

            coordinator.Tell(new SlotsReport(address, owned));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private long BytesOf(int slot, AkkaKv.Slots.SlotState state, long revision)
    {
        if (_sizes[slot].Revision != revision)
        {
            _sizes[slot] = (revision, state.CountBytes());
        }

        return _sizes[slot].Bytes;
    }

    public static Props PropsFor(IActorRef coordinator, string address, LocalSlots slots) =>
        Props.Create(() => new SlotReporter(coordinator, address, slots));

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, TimeSpan.Zero, Interval);
}
