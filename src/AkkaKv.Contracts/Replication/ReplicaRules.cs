namespace AkkaKv.Replication;

/// <summary>How two replicas of a key are reconciled: pure rules, the same on every node, so every replica ends at the
/// same entry whatever order updates and gossip arrive in (a join: commutative, associative, idempotent).</summary>
public static class ReplicaRules
{
    /// <summary>How long a tombstone is kept. A replica cut off from the cluster for longer than this may bring a deleted
    /// key back when it returns (Cassandra's gc_grace_seconds is the same trade); a node down that long has been removed
    /// from the cluster by then, and a removed node's replica is discarded when it rejoins as a new incarnation.</summary>
    public static readonly TimeSpan TombstoneLifetime = TimeSpan.FromHours(1);

    /// <summary>Whether <paramref name="candidate"/> replaces <paramref name="current"/>: the higher revision wins; at
    /// equal revision (the same decision seen twice, or two incarnations of a cache slot that both restarted at it) a
    /// tombstone wins, then the higher version, then the ordinally greater value, so that every node picks the same one.</summary>
    public static bool Supersedes(ReplicaEntry candidate, ReplicaEntry current)
    {
        if (candidate.Revision != current.Revision)
        {
            return candidate.Revision > current.Revision;
        }

        if (candidate.IsTombstone != current.IsTombstone)
        {
            return candidate.IsTombstone;
        }

        if (candidate.Version != current.Version)
        {
            return candidate.Version > current.Version;
        }

        return string.CompareOrdinal(candidate.Value, current.Value) > 0;
    }

    /// <summary>The entry a replica keeps of two; <paramref name="current"/> when they are equal.</summary>
    public static ReplicaEntry Winner(ReplicaEntry candidate, ReplicaEntry current) =>
        Supersedes(candidate, current) ? candidate : current;

    /// <summary>A tombstone old enough to drop: every replica has had <see cref="TombstoneLifetime"/> to see it.</summary>
    public static bool IsPrunable(ReplicaEntry entry, long nowMs) =>
        entry.IsTombstone && entry.DeletedAtMs < nowMs - (long)TombstoneLifetime.TotalMilliseconds;
}
