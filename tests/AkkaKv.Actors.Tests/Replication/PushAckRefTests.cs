using Akka.Actor;
using Akka.DistributedData;
using AkkaKv.Actors.Replication;

namespace AkkaKv.Actors.Tests.Replication;

/// <summary>A receiving node acknowledges a push of several buckets once, after the replicator has merged every one of
/// them, and never when one of them failed.</summary>
public sealed class PushAckRefTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly ReplicaMapKey Key = ReplicaMapKey.ForBucket(3);

    private IActorRefProvider Provider => ((ExtendedActorSystem)Sys).Provider;

    [Fact]
    public void The_acknowledgement_goes_once_after_the_last_bucket_has_merged()
    {
        var sent = new List<long>();
        var ack = new PushAckRef(42, updates: 3, bytes => sent.Add(ReplicaPushFormat.ReadAck(bytes)), Provider, Sys.Log);

        ack.Tell(new UpdateSuccess(Key, null), ActorRefs.NoSender);
        ack.Tell(new UpdateSuccess(Key, null), ActorRefs.NoSender);
        Assert.Empty(sent);
        ack.Tell(new UpdateSuccess(Key, null), ActorRefs.NoSender);
        Assert.Equal([42L], sent);
    }

    [Fact]
    public void A_bucket_that_fails_to_merge_means_no_acknowledgement_whenever_it_comes()
    {
        foreach (var failedAt in new[] { 0, 1, 2 })
        {
            var sent = 0;
            var ack = new PushAckRef(7, updates: 3, _ => sent++, Provider, Sys.Log);
            for (var i = 0; i < 3; i++)
            {
                object answer = i == failedAt ? new UpdateTimeout(Key, null) : new UpdateSuccess(Key, null);
                ack.Tell(answer, ActorRefs.NoSender);
            }

            Assert.Equal(0, sent);
        }
    }
}
