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

    public SlotReporter(IActorRef coordinator, string address, LocalSlots slots)
    {
        Receive<Tick>(_ =>
        {
            var owned = new List<SlotStatus>();
            for (var slot = 0; slot < slots.SlotCount; slot++)
            {
                if (slots.Find(slot) is { } local)
                {
                    owned.Add(new SlotStatus(slot, local.State.Count, local.State.Revision, local.State.Utf8Bytes));
                }
            }

            coordinator.Tell(new SlotsReport(address, owned));
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(IActorRef coordinator, string address, LocalSlots slots) =>
        Props.Create(() => new SlotReporter(coordinator, address, slots));

    protected override void PreStart() => Timers.StartPeriodicTimer("report", Tick.Instance, TimeSpan.Zero, Interval);
}
