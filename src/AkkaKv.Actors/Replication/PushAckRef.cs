using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;

namespace AkkaKv.Actors.Replication;

/// <summary>Where the replicator answers the updates that merge a push (one per bucket): once every one of them has
/// succeeded, the acknowledgement goes back; a failed one means none is sent (the pushing node then times out or
/// hears from another node). Only the local replicator answers it, so it is never registered or sent anywhere.</summary>
internal sealed class PushAckRef(long id, int updates, Action<byte[]> acknowledge, IActorRefProvider provider, ILoggingAdapter log) : MinimalActorRef
{
    private int _waiting = updates;

    public override ActorPath Path { get; } = provider.TempPath();

    public override IActorRefProvider Provider { get; } = provider;

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (message is not UpdateSuccess)
        {
            Interlocked.Exchange(ref _waiting, -1); // never acknowledged
            log.Warning("replica push {0}: a bucket could not be merged ({1}); not acknowledged", id, message.GetType().Name);
        }
        else if (Interlocked.Decrement(ref _waiting) == 0)
        {
            acknowledge(ReplicaPushFormat.Ack(id));
        }
    }
}
