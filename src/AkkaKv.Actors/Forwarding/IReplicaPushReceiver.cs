using Akka.Actor;

namespace AkkaKv.Actors.Forwarding;

/// <summary>What the forward channel does with the replica pushes it carries (<see cref="ChannelFrames.ReplicaPushBuckets"/>,
/// and <see cref="ChannelFrames.ReplicaPush"/> from older nodes):
/// it only moves their bytes; replication reads them.</summary>
internal interface IReplicaPushReceiver
{
    /// <summary>A push another node sent here in a frame of <paramref name="kind"/>, called on the thread that read it;
    /// <paramref name="acknowledge"/> sends the given acknowledgement back to that node.</summary>
    void Received(byte kind, byte[] payload, Action<byte[]> acknowledge);

    /// <summary><paramref name="from"/> acknowledged a push this node sent, called on the thread that read it.</summary>
    void Acked(Address from, byte[] payload);
}
