using AkkaKv.Actors.Replication;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Tests.Replication;

/// <summary>A slot that starts again reconciles with the replica: in store mode the journal wins and the replica is
/// repaired; in cache mode the slot takes its keys back and continues above every revision the replica has.</summary>
public sealed class SlotReconciliationTests
{
    private const long Now = 1_800_000_000_000;

    private static bool Replicated(string key) => key.StartsWith("/_sys/", StringComparison.Ordinal);

    [Fact]
    public void A_recovered_store_slot_repairs_what_the_replica_missed_and_leaves_what_agrees()
    {
        var state = new SlotState();
        state.Apply(new ValueSet("/_sys/same", "v", 1, 1, null), Now);
        state.Apply(new ValueSet("/_sys/newer", "v2", 2, 2, null), Now);
        state.Apply(new ValueSet("/_sys/missing", "m", 1, 3, null), Now);
        state.Apply(new ValueSet("plain", "p", 1, 4, null), Now);
        state.Apply(new KeyDeleted("/_sys/deleted", 5), Now);
        var replica = new[]
        {
            new ReplicaEntry("/_sys/same", "v", 1, 1, null),
            new ReplicaEntry("/_sys/newer", "v1", 1, 1, null),
            new ReplicaEntry("/_sys/deleted", "old", 1, 1, null), // its deletion's replica update never went out
        };

        var repairs = SlotReconciliation.StoreRepairs(state, replica, Replicated, Now, out var ahead);

        Assert.Equal(0, ahead);
        Assert.Equal(["/_sys/deleted", "/_sys/missing", "/_sys/newer"], repairs.Select(r => r.Key).Order(StringComparer.Ordinal));
        Assert.True(repairs.Single(r => r.Key == "/_sys/deleted").IsTombstone);
        Assert.Equal("v2", repairs.Single(r => r.Key == "/_sys/newer").Value);
        // After the repair every replica agrees with the journal.
        var repaired = ReplicaMap.Of(replica).WithEntries(repairs, Now);
        Assert.False(repaired.Find("/_sys/deleted")!.IsLiveAt(Now));
        Assert.Equal("v2", repaired.Find("/_sys/newer")!.Value);
    }

    [Fact]
    public void A_replica_entry_newer_than_the_journal_is_reported_not_overwritten()
    {
        var state = new SlotState();
        state.Apply(new ValueSet("/_sys/x", "v", 1, 1, null), Now);

        var repairs = SlotReconciliation.StoreRepairs(state, [new ReplicaEntry("/_sys/y", "future", 1, 9, null)], Replicated, Now, out var ahead);

        Assert.Equal(1, ahead);
        Assert.Equal(["/_sys/x"], repairs.Select(r => r.Key));
    }

    [Fact]
    public void A_restarted_cache_slot_takes_live_keys_back_and_continues_above_every_revision()
    {
        var state = new SlotState();
        var replica = new[]
        {
            new ReplicaEntry("/_sys/a", "a", 3, 7, null),
            ReplicaEntry.Tombstone("/_sys/b", 12, Now),
            new ReplicaEntry("/_sys/expired", "e", 1, 2, Now - 1),
        };

        var adopted = SlotReconciliation.Adopt(state, replica, Now);

        Assert.Equal(1, adopted);
        Assert.Equal(new KvEntry("/_sys/a", "a", 3, 7, null), state.Find("/_sys/a", Now));
        Assert.Null(state.Find("/_sys/b", Now));
        Assert.Null(state.Find("/_sys/expired", Now));
        // The next write gets revision 13: newer than the tombstone, so replicas take it.
        Assert.Equal(12, state.Revision);
    }
}
