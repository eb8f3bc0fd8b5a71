using Akka.Actor;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Serialization;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Tests.Replication;

/// <summary>The bookkeeping of majority/all writes pushed over the forward channels: a push (one flush's batches, one
/// per bucket) is acknowledged once as many distinct nodes it was sent to as it needs have acknowledged it, goes to the
/// other nodes at a fifth of its timeout, and gives up at its timeout; its batches are done once that and their own
/// local updates are; and the bytes of a push (both layouts) and its acknowledgement.</summary>
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
        var group = new PushGroup([new ReplicaBatch(3)]);
        var id = pushes.NextId();
        pushes.Start(id, group, needed: 2, sentTo: [A, B], later: [C], payload: [1], nowMs: 0, Timeout);

        Assert.Null(pushes.Acked(id, A));
        Assert.Null(pushes.Acked(id, A)); // the same node twice counts once
        Assert.Null(pushes.Acked(id, C)); // not sent there (yet): counts for nothing
        Assert.Null(pushes.Acked(id + 1, B)); // another push
        Assert.Same(group, pushes.Acked(id, B));
        Assert.Equal(0, pushes.Count);
        Assert.Null(pushes.Acked(id, B)); // done: a late acknowledgement changes nothing
    }

    [Fact]
    public void The_other_nodes_get_a_push_at_a_fifth_of_its_timeout_and_then_count()
    {
        var pushes = new ReplicaPushes();
        var group = new PushGroup([new ReplicaBatch(0)]);
        var id = pushes.NextId();
        pushes.Start(id, group, needed: 1, sentTo: [A], later: [B, C], payload: [7, 8], nowMs: 1000, Timeout);

        Assert.Empty(pushes.DueLater(1199));
        var due = Assert.Single(pushes.DueLater(1200));
        Assert.Equal(id, due.Id);
        Assert.Equal([7, 8], due.Payload);
        Assert.Equal([B, C], due.To);
        Assert.Empty(pushes.DueLater(1300)); // once

        pushes.Sent(id, C); // B could not be reached
        Assert.Null(pushes.Acked(id, B));
        Assert.Same(group, pushes.Acked(id, C));
    }

    [Fact]
    public void A_push_not_acknowledged_in_time_expires_and_only_that_one()
    {
        var pushes = new ReplicaPushes();
        var early = new PushGroup([new ReplicaBatch(1)]);
        var late = new PushGroup([new ReplicaBatch(2)]);
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
    public void A_group_is_complete_once_acknowledged_and_every_local_update_has_answered_in_either_order()
    {
        var acknowledgedFirst = new PushGroup([new ReplicaBatch(0), new ReplicaBatch(5)]);
        Assert.False(acknowledgedFirst.Acked());
        Assert.False(acknowledgedFirst.Settled());
        Assert.True(acknowledgedFirst.Settled());

        var localFirst = new PushGroup([new ReplicaBatch(1), new ReplicaBatch(2)]);
        Assert.False(localFirst.Settled());
        Assert.False(localFirst.Settled());
        Assert.True(localFirst.Acked());
    }

    [Fact]
    public void A_push_of_several_buckets_and_its_acknowledgement_read_back_and_bad_bytes_are_refused()
    {
        ReplicaEntry[] changes = [new("a", "1", 2, 3, 44), ReplicaEntry.Tombstone("b", 9, 1234), new("a", "0", 1, 1, null)];
        ReplicaEntry[] other = [new("c", "x", 1, 7, null)];
        var payload = ReplicaPushFormat.Push(long.MaxValue - 1, [Batch(ReplicaSettings.BucketCount - 1, changes), Batch(0, other)]);
        var (id, sections) = ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, payload);
        Assert.Equal(long.MaxValue - 1, id);
        Assert.Equal(2, sections.Count);
        Assert.Equal(ReplicaSettings.BucketCount - 1, sections[0].Bucket);
        Assert.Equal(changes, sections[0].Changes); // as the batch held them: in order, repeats included
        Assert.Equal(0, sections[1].Bucket);
        Assert.Equal(other, sections[1].Changes);
        Assert.Equal(42, ReplicaPushFormat.ReadAck(ReplicaPushFormat.Ack(42)));

        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, [1, 2, 3]));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, payload[..^3]));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, ReplicaPushFormat.Push(1, [Batch(ReplicaSettings.BucketCount, changes)])));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, ReplicaPushFormat.Push(1, [Batch(-1, changes)])));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPushBuckets, ReplicaPushFormat.Push(1, [])));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadPush(ChannelFrames.Batch, payload));
        Assert.Throws<InvalidDataException>(() => ReplicaPushFormat.ReadAck([1, 2]));
    }

    [Fact]
    public void A_one_bucket_push_of_a_previous_version_node_still_reads()
    {
        // What a version-2 node sends (ChannelFrames.ReplicaPush): id, bucket, entries.
        ReplicaEntry[] changes = [new("a", "1", 2, 3, 44), ReplicaEntry.Tombstone("b", 9, 1234)];
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(77L);
            w.Write(3);
            ReplicaSerializer.WriteEntries(w, changes);
        }

        var (id, sections) = ReplicaPushFormat.ReadPush(ChannelFrames.ReplicaPush, stream.ToArray());
        Assert.Equal(77, id);
        var (bucket, read) = Assert.Single(sections);
        Assert.Equal(3, bucket);
        Assert.Equal(changes, read);
    }

    private static ReplicaBatch Batch(int bucket, ReplicaEntry[] entries)
    {
        var batch = new ReplicaBatch(bucket);
        batch.Entries.AddRange(entries);
        return batch;
    }
}
