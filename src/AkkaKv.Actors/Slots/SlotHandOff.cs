using Akka.Actor;
using Akka.Cluster.Sharding;

namespace AkkaKv.Actors.Slots;

/// <summary>Sharding's hand-off stop message for slots (instead of PoisonPill, which would stop a slot with a batch still
/// being journaled). The slot withdraws from <see cref="LocalSlots"/>, lets its batch in flight finish and be answered,
/// sends everything else back through a shard region (<see cref="Redirect"/>, which buffers it for the slot's next
/// home), and stops after
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

    /// <summary>This node's shard region of slots.</summary>
    public static IActorRef Region(IActorContext context) => ClusterSharding.Get(context.System).ShardRegion(SlotRegion.NameOf(context.System));

    /// <summary>Sends a command the handing-off slot did not decide back through a shard region: the region of the
    /// sender's node when that is another node, else <paramref name="localRegion"/>. The coordinator tells every region
    /// that the hand-off begins before it tells this one to stop the slot, so another node's region buffers the command
    /// until the slot's next home is known; this node's region still counts the slot as its own until the hand-off
    /// completes and would bring the command straight back to the stopping slot, where it was lost and its sender
    /// waited for the request timeout (measured in the rolling-deploy drill: 5 s stalls).</summary>
    public static void Redirect(IActorContext context, IActorRef localRegion, object message, IActorRef sender)
    {
        var address = sender.Path.Address;
        if (address.HasGlobalScope && address != Akka.Cluster.Cluster.Get(context.System).SelfAddress)
        {
            var region = new RootActorPath(address) / "system" / "sharding" / SlotRegion.NameOf(context.System);
            context.ActorSelection(region).Tell(message, sender);
            return;
        }

        localRegion.Tell(message, sender);
    }
}

/// <summary>Timer message: the hand-off grace period is over.</summary>
internal sealed class StopSlot
{
    public static readonly StopSlot Instance = new();

    private StopSlot()
    {
    }
}
