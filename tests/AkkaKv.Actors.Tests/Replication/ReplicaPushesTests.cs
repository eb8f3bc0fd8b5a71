using Akka.Actor;
using AkkaKv.Actors.Replication;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Tests.Replication;

/// <summary>The bookkeeping of majority/all writes pushed over the forward channels: a push is done once as many distinct
/// nodes it was sent to as it needs have acknowledged it, goes to the other nodes at a fifth of its timeout, and gives
/// up at its timeout; and the bytes of a push and its acknowledgement.</summary>
public sealed class ReplicaPushesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(1000);
    private static readonly Address A = new("akka.tcp", "akkakv", "10.0.0.1", 4053);
    private static readonly Address B = new("akka.tcp", "akkakv", "10.0.0.2", 4053);
    private static readonly Address C = new("akka.tcp", "akkakv", "10.0.0.3", 4053);
    private static readonly Address D = new("akka.tcp", "akkakv", "10.0.0.4", 4053);

    [Fact]
    public void A_push_is_done_when_enough_distinct_nodes_it_was_sent_to_acknowledge_it()
    {
        var pushes = new ReplicaPushes();
        var batch = new ReplicaBatch(3);
        var id = pushes.NextId();
        pushes.Start(id, batch, needed: 2, sentTo: [A, B], later: [C], payload: [1], nowMs: 0, Timeout);

        Assert.Null(pushes.Acked(id, A));
        Assert.Null(pushes.Acked(id, A)); // the same node twice counts once
        Assert.Null(pushes.Acked(id, C)); // not sent there (yet): counts for nothing
        Assert.Null(pushes.Acked(id + 1, B)); // another push
        Assert.Same(batch, pushes.Acked(id, B));
        Assert.Equal(0, pushes.Count);
        Assert.Null(pushes.Acked(id, B)); // done: a late acknowledgement changes nothing
    }

    [Fact]
    public void The_other_nodes_get_a_push_at_a_fifth_of_its_timeout_and_then_count()
    {
        var pushes = new ReplicaPushes();
        var batch = new ReplicaBatch(0);
        var id = pushes.NextId();
        pushes.Start(id, batch, needed: 1, sentTo: [A], later: [B, C], payload: [7, 8], nowMs: 1000, Timeout);

        Assert.Empty(pushes.DueLater(1199));
        var due = Assert.Single(pushes.DueLater(1200));
        Assert.Equal(id, due.Id);
        Assert.Equal([7, 8], due.Payload);
        Assert.Equal([B, C], due.To);
        Assert.Empty(pushes.DueLater(1300)); // once

        pushes.Sent(id, C); // B could not be reached
        Assert.Null(pushes.Acked(id, B));
        Assert.Same(batch, pushes.Acked(id, C));
    }

    [Fact]
    public void A_push_not_acknowledged_in_time_expires_and_only_that_one()
    {
        var pushes = new ReplicaPushes();
        var early = new ReplicaBatch(1);
        var late = new ReplicaBatch(2);
        var first = pushes.NextId();
        pushes.Start(first, early, 1, [A], [], [], nowMs: 0, Timeout);
        var second = pushes.NextId();
        pushes.Start(second, late, 1, [D], [], [], nowMs: 500, Timeout);

        Assert.Empty(pushes.Expired(999));
        Assert.Same(early, Assert.Single(pushes.Expired(1000)));
        Assert.Null(pushes.Acked(first, A)); // too late
        Assert.Equal(1, pushes.Count);
        Assert.Same(late, pushes.Acked(second, D));
    }

    [Fact]
    public void A_push_and_its_acknowledgement_read_back_and_bad_bytes_are_refused()
    {
        ReplicaEntry[] changes = [new("a", "1", 2, 3, 44), ReplicaEntry.Tombstone("b", 9, 1234), new("a", "0", 1, 1, null)];
        var payload = ReplicaPushFormat.Push(long.MaxValue - 1, ReplicaSettings.BucketCount - 1, changes);
        var (id, bucket, read) = ReplicaPushFormat.ReadPush(payload);
        Assert.Equal(long.MaxValue - 1, id);
        Assert.Equal(ReplicaSettings.BucketCount - 1, bucket);
        Assert.Equal(changes, read); // as the batch held them: in order, repeats included
        Assert.Equal(42, ReplicaPushFormat.ReadAck(ReplicaPushFormat.Ack(42)));

        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush([1, 2, 3]));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(payload[..^3]));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ReplicaPushFormat.Push(1, ReplicaSettings.BucketCount, changes)));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ReplicaPushFormat.Push(1, -1, changes)));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadAck([1, 2]));
    }
}
