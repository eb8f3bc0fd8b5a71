using Akka.Actor;
using Akka.Cluster.Sharding;

namespace AkkaKv.Actors.Slots;

/// <summary>Sharding's hand-off stop message for slots (instead of PoisonPill, which would stop a slot with a batch still
/// being journaled). The slot withdraws from <see cref="LocalSlots"/>, lets its batch in flight finish and be answered,
/// sends everything else back through the shard region (which buffers it for the slot's next home), and stops after
/// <see cref="Grace"/>, so that a sender that read the slot from LocalSlots just before the withdrawal still reaches a
/// live actor. A sender paused for longer than that (a long GC pause) reaches a stopped actor, and its request ends in
/// the gateway's timeout (503, retry).</summary>
public sealed class SlotHandOff
{
    public static readonly SlotHandOff Instance = new();

    public static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(200);

    private SlotHandOff()
    {
    }

    /// <summary>Where a handing-off slot sends what it no longer serves.</summary>
    public static IActorRef Region(IActorContext context) => ClusterSharding.Get(context.System).ShardRegion(SlotRegion.NameOf(context.System));
}

/// <summary>Timer message: the hand-off grace period is over.</summary>
internal sealed class StopSlot
{
    public static readonly StopSlot Instance = new();

    private StopSlot()
    {
    }
}
