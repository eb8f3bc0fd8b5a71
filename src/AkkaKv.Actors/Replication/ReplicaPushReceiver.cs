using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>What this node does with the replica pushes the forward channel carries: another node's push is merged into
/// this node's replica straight from the channel's thread (a local replicator update per bucket it holds, as this
/// node's own changes are) and acknowledged once the replicator has all of them (<see cref="PushAckRef"/>); an
/// acknowledgement of this node's push goes to its <see cref="ReplicaWriter"/>.</summary>
internal sealed class ReplicaPushReceiver(NodeReplication replication, IActorRef writer, IActorRefProvider provider, ILoggingAdapter log) : IReplicaPushReceiver
{
    public void Received(byte kind, byte[] payload, Action<byte[]> acknowledge)
    {
        long id;
        List<(int Bucket, ReplicaEntry[] Changes)> sections;
        try
        {
            (id, sections) = ReplicaPushFormat.ReadPush(kind, payload);
        }
        catch (InvalidDataException e)
        {
            log.Warning("replica push of {0} bytes could not be read ({1}); not acknowledged", payload.Length, e.Message);
            return;
        }

        var ackRef = new PushAckRef(id, sections.Count, acknowledge, provider, log);
        foreach (var (bucket, changes) in sections)
        {
            replication.Replicator.Tell(
                Dsl.Update(ReplicaMapKey.ForBucket(bucket), ReplicaMap.Empty, WriteLocal.Instance, map => map.WithEntries(changes, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), propagate: false)),
                ackRef);
        }
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
}

/// <summary><see cref="From"/>'s replica has this node's push <see cref="Id"/>.</summary>
internal sealed record PushAcked(Address From, long Id);
