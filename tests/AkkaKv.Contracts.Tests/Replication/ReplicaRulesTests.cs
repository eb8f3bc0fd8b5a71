using AkkaKv.Coordination;
using AkkaKv.Replication;

namespace AkkaKv.Contracts.Tests.Replication;

/// <summary>The version rules every replica applies: a later decision of the key's owner wins, whatever order the
/// replicas hear of them in; a deletion is a versioned tombstone that an older value cannot undo.</summary>
public sealed class ReplicaRulesTests
{
    private static readonly ReplicaEntry V1 = new("k", "one", 1, 10, null);
    private static readonly ReplicaEntry V2 = new("k", "two", 2, 11, null);
    private static readonly ReplicaEntry Deleted = ReplicaEntry.Tombstone("k", 12, nowMs: 1_000);

    [Fact]
    public void The_higher_revision_wins_in_either_order()
    {
        Assert.True(ReplicaRules.Supersedes(V2, V1));
        Assert.False(ReplicaRules.Supersedes(V1, V2));
        Assert.Same(V2, ReplicaRules.Winner(V1, V2));
        Assert.Same(V2, ReplicaRules.Winner(V2, V1));
    }

    [Fact]
    public void A_late_older_value_does_not_resurrect_a_deleted_key()
    {
        Assert.Same(Deleted, ReplicaRules.Winner(V2, Deleted));
        Assert.Same(Deleted, ReplicaRules.Winner(Deleted, V2));
    }

    [Fact]
    public void A_write_after_the_delete_wins_over_the_tombstone()
    {
        var recreated = new ReplicaEntry("k", "three", 1, 13, null);
        Assert.Same(recreated, ReplicaRules.Winner(recreated, Deleted));
    }

    [Fact]
    public void At_equal_revision_every_node_picks_the_same_entry()
    {
        var a = new ReplicaEntry("k", "a", 1, 5, null);
        var b = new ReplicaEntry("k", "b", 1, 5, null);
        var tomb = ReplicaEntry.Tombstone("k", 5, 0);

        Assert.Same(ReplicaRules.Winner(a, b), ReplicaRules.Winner(b, a));
        Assert.Same(tomb, ReplicaRules.Winner(a, tomb));
        Assert.Same(tomb, ReplicaRules.Winner(tomb, a));
        Assert.False(ReplicaRules.Supersedes(a, a));
    }

    [Fact]
    public void Only_tombstones_past_their_lifetime_are_prunable()
    {
        var lifetime = (long)ReplicaRules.TombstoneLifetime.TotalMilliseconds;
        Assert.False(ReplicaRules.IsPrunable(Deleted, 1_000 + lifetime));
        Assert.True(ReplicaRules.IsPrunable(Deleted, 1_000 + lifetime + 1));
        Assert.False(ReplicaRules.IsPrunable(V1, long.MaxValue));
    }

    [Fact]
    public void An_entry_past_its_ttl_or_deleted_is_not_live()
    {
        var expiring = V1 with { ExpiresAtMs = 500 };
        Assert.True(expiring.IsLiveAt(499));
        Assert.False(expiring.IsLiveAt(500));
        Assert.False(Deleted.IsLiveAt(0));
    }

    [Theory]
    [InlineData("majority", true)]
    [InlineData("ALL", true)]
    [InlineData("local", true)]
    [InlineData("1", false)]
    [InlineData("", false)]
    [InlineData("linearizable", false)]
    public void Write_consistency_parses_by_name_only(string text, bool ok) =>
        Assert.Equal(ok, ConsistencyNames.TryParse(text, out WriteConsistency _));

    [Fact]
    public void Prefixes_are_normalized_and_matched_ordinally()
    {
        var spaces = new ReplicatedKeyspaces(["/cfg/", "/_sys/", "/cfg/", ""]);

        Assert.Equal(["/_sys/", "/cfg/"], spaces.Prefixes);
        Assert.True(spaces.Contains("/_sys/leases/1"));
        Assert.False(spaces.Contains("/_SYS/x"));
        Assert.False(spaces.Contains("user:1"));
        Assert.True(ReplicatedKeyspaces.None.IsEmpty);

        // The same answers for keys in UTF-8 (how the write and eviction paths hold them).
        var unicode = new ReplicatedKeyspaces(["/été/"]);
        Assert.True(unicode.Contains("/été/x"u8));
        Assert.False(unicode.Contains("/ete/x"u8));
        Assert.True(spaces.Contains("/_sys/leases/1"u8));
        Assert.False(spaces.Contains("/_SYS/x"u8));
        Assert.False(spaces.Contains("/cf"u8));
    }

    [Fact]
    public void A_node_replicating_other_prefixes_than_the_cluster_is_refused_with_the_fix()
    {
        var born = new KeyspaceConfig(1024, 128, "Store", ["/_sys/"]);
        var other = born with { ReplicatedPrefixes = ["/_sys/", "/cfg/"] };

        var reason = other.MismatchWith(born);

        Assert.NotNull(reason);
        Assert.Contains("AkkaKv:Replication:Prefixes", reason, StringComparison.Ordinal);
        Assert.Null((born with { ReplicatedPrefixes = ["/_sys/"] }).MismatchWith(born));
        Assert.Equal(born, born with { ReplicatedPrefixes = ["/_sys/"] });
    }
}
