using Akka.DistributedData;
using AkkaKv.Actors.Replication;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Tests.Replication;

/// <summary>The bucket CRDT: merging is a per-key maximum (any order, any grouping, repeated: same result), a write
/// carries only its changes as the delta, and tombstones are dropped only once past their lifetime.</summary>
public sealed class ReplicaMapTests
{
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static ReplicaEntry Live(string key, long revision) => new(key, $"{key}@{revision}", revision, revision, null);

    [Fact]
    public void Merging_in_any_order_and_grouping_gives_the_same_map()
    {
        var a = ReplicaMap.Of([Live("x", 1), Live("y", 5)]);
        var b = ReplicaMap.Of([Live("x", 3), ReplicaEntry.Tombstone("y", 6, Now)]);
        var c = ReplicaMap.Of([Live("x", 2), Live("z", 1)]);

        var abc = a.Merge(b).Merge(c);
        Assert.Equal(abc, c.Merge(b).Merge(a));
        Assert.Equal(abc, a.Merge(b.Merge(c)));
        Assert.Equal(abc, abc.Merge(a)); // idempotent
        Assert.Equal(Live("x", 3), abc.Find("x"));
        Assert.True(abc.Find("y")!.IsTombstone);
        Assert.Equal(Live("z", 1), abc.Find("z"));
    }

    [Fact]
    public void A_write_carries_only_what_it_changed_as_its_delta()
    {
        var map = ReplicaMap.Of([Live("x", 1), Live("y", 1)]);

        var written = map.WithEntries([Live("x", 2), Live("y", 0)], Now); // y@0 is older: ignored

        Assert.Equal([Live("x", 2)], written.Delta.Entries.Values);
        Assert.Equal(Live("y", 1), written.Find("y"));
        Assert.Null(written.ResetDelta().Delta as object);
        // Another replica that had the old map reaches the same state from the delta alone.
        Assert.Equal(written.ResetDelta(), map.MergeDelta(written.Delta));
    }

    [Fact]
    public void A_stale_write_changes_nothing_and_produces_no_delta()
    {
        var map = ReplicaMap.Of([Live("x", 5)]);

        Assert.Same(map, map.WithEntries([Live("x", 4)], Now));
    }

    [Fact]
    public void A_tombstone_past_its_lifetime_is_pruned_and_still_removes_an_older_value_it_meets()
    {
        var old = Now - (long)ReplicaRules.TombstoneLifetime.TotalMilliseconds - 1;
        var map = ReplicaMap.Of([ReplicaEntry.Tombstone("gone", 9, old), ReplicaEntry.Tombstone("recent", 9, Now), Live("kept", 1)]);

        var pruned = map.PruneTombstones(Now);

        Assert.Null(pruned.Find("gone"));
        Assert.NotNull(pruned.Find("recent"));
        Assert.NotNull(pruned.Find("kept"));
        // A replica still holding the value the expired tombstone deleted: merging does not bring it back here...
        var lagging = ReplicaMap.Of([Live("gone", 3)]);
        Assert.Null(lagging.Merge(ReplicaMap.Of([ReplicaEntry.Tombstone("gone", 9, old)])).Find("gone"));
        // A replica that has not pruned yet may hand the expired tombstone back in a full merge: still a deletion, and
        // the next prune drops it again.
        var remerged = pruned.Merge(map);
        Assert.False(remerged.Find("gone")?.IsLiveAt(Now) ?? false);
        Assert.Null(remerged.PruneTombstones(Now).Find("gone"));
    }

    [Fact]
    public void It_is_its_own_delta_type_and_needs_no_causal_delivery()
    {
        var map = ReplicaMap.Empty.WithEntries([Live("x", 1)], Now);

        Assert.IsAssignableFrom<IReplicatedDelta>(map.Delta);
        Assert.IsNotAssignableFrom<IRequireCausualDeliveryOfDeltas>(map.Delta);
        Assert.Equal(1, map.Delta.DeltaSize);
    }

    [Fact]
    public void Entries_pushed_from_another_node_are_kept_but_join_no_delta()
    {
        var owned = ReplicaMap.Empty.WithEntries([Live("mine", 1)], Now);
        var map = owned.WithEntries([Live("pushed", 3), Live("mine", 2)], Now, propagate: false);

        Assert.Equal(Live("pushed", 3), map.Find("pushed"));
        Assert.Equal(Live("mine", 2), map.Find("mine"));
        Assert.Same(owned.Delta, map.Delta); // what this node itself wrote still propagates, and only that
        var fresh = ReplicaMap.Empty.WithEntries([Live("pushed", 3)], Now, propagate: false);
        Assert.NotNull(fresh.Delta); // empty, not absent (absent means "propagate the whole map")
        Assert.Equal(0, fresh.Delta.DeltaSize);
        Assert.Equal(map, owned.ResetDelta().Merge(map.ResetDelta())); // and merges as any write does
    }

    [Fact]
    public void A_map_written_from_another_is_their_merge_in_either_order_without_a_scan()
    {
        var before = ReplicaMap.Of(Enumerable.Range(0, 100).Select(i => Live($"k{i}", 1)));
        var after = before.WithEntries([Live("k5", 2), Live("new", 1)], Now).ResetDelta();

        Assert.Same(after.Entries, after.Merge(before).Entries);
        Assert.Same(after.Entries, before.Merge(after).Entries);
        Assert.Equal(after, before.Merge(ReplicaMap.Of([Live("k5", 2), Live("new", 1)])));
        // Equality: same content from another history is equal, one changed entry is not.
        Assert.Equal(after, ReplicaMap.Of(after.Entries.Values));
        Assert.NotEqual(after, before.WithEntries([Live("k5", 3), Live("new", 1)], Now).ResetDelta());
        Assert.NotEqual(before, after);
    }
}
