using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>What this node does with the replica pushes the forward channel carries: another node's push is merged into
/// this node's replica straight from the channel's thread (a local replicator update, as this node's own changes are)
/// and acknowledged once the replicator has it (<see cref="PushAckRef"/>); an acknowledgement of this node's push goes
/// to its <see cref="ReplicaWriter"/>.</summary>
internal sealed class ReplicaPushReceiver(NodeReplication replication, IActorRef writer, IActorRefProvider provider, ILoggingAdapter log) : IReplicaPushReceiver
{
    public void Received(byte[] payload, Action<byte[]> acknowledge)
    {
        long id;
        int bucket;
        ReplicaEntry[] changes;
        try
        {
            (id, bucket, changes) = ReplicaPushFormat.ReadPush(payload);
        }
        catch (InvalidDataException e)
        {
            log.Warning("replica push of {0} bytes could not be read ({1}); not acknowledged", payload.Length, e.Message);
            return;
        }

        replication.Replicator.Tell(
            Dsl.Update(ReplicaMapKey.ForBucket(bucket), ReplicaMap.Empty, WriteLocal.Instance, map => map.WithEntries(changes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), propagate: false)),
            new PushAckRef(id, bucket, acknowledge, provider, log));
    }

    public void Acked(Address from, byte[] payload)
    {
        try
        {
            writer.Tell(new PushAcked(from, ReplicaPushFormat.ReadAck(payload)));
        }
        catch (InvalidDataException e)
        {
            log.Warning("replica push acknowledgement from {0} could not be read ({1})", from, e.Message);
        }
    }

    /// <summary>Where the replicator answers the update that merges a push: success sends the acknowledgement back.
    /// Only the local replicator answers it, so it is never registered or sent anywhere.</summary>
    private sealed class PushAckRef(long id, int bucket, Action<byte[]> acknowledge, IActorRefProvider provider, ILoggingAdapter log) : MinimalActorRef
    {
        public override ActorPath Path { get; } = provider.TempPath();

        public override IActorRefProvider Provider { get; } = provider;

        protected override void TellInternal(object message, IActorRef sender)
        {
            if (message is UpdateSuccess)
            {
                acknowledge(ReplicaPushFormat.Ack(id));
            }
            else
            {
                log.Warning("replica bucket {0}: a push from another node could not be merged ({1}); not acknowledged", bucket, message.GetType().Name);
            }
        }
    }
}

/// <summary><see cref="From"/>'s replica has this node's push <see cref="Id"/>.</summary>
internal sealed record PushAcked(Address From, long Id);
