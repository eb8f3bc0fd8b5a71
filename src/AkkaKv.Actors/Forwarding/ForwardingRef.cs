using Akka.Actor;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Forwarding;

/// <summary>What front ends use instead of the shard region: slot commands go the fast way (<see cref="SlotForwarding"/>)
/// when their slot's node is known, everything else to the region. Asking it works like asking the region.</summary>
internal sealed class ForwardingRef : MinimalActorRef
{
    private readonly SlotForwarding _forwarding;
    private readonly IActorRef _region;

    public ForwardingRef(SlotForwarding forwarding, IActorRef region, IActorRefProvider provider)
    {
        _forwarding = forwarding;
        _region = region;
        Provider = provider;
        Path = new RootActorPath(provider.DefaultAddress) / "user" / SlotForwarding.ActorName / "route";
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    /// <summary>Sends <paramref name="command"/> the fast way, returning what its reply will complete; null when its
    /// slot's node is not known (ask the region then).</summary>
    public ForwardedPromise? TryForward(IWithSlot command)
    {
        var promise = new ForwardedPromise(Provider);
        return _forwarding.TrySend(command, promise) ? promise : null;
    }

    protected override void TellInternal(object message, IActorRef? sender)
    {
        if (message is IWithSlot command && _forwarding.TrySend(command, sender ?? ActorRefs.Nobody))
        {
            return;
        }

        _region.Tell(message, sender);
    }
}
