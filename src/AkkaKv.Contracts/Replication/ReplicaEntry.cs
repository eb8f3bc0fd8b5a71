namespace AkkaKv.Replication;

/// <summary>One replicated key as every node's replica holds it: what its owning slot last decided for it.
/// A deletion (or expiry) is kept as a tombstone (<see cref="Value"/> null) stamped with the wall time it was decided,
/// so that a replica still holding the old value cannot bring the key back; tombstones are dropped after
/// <see cref="ReplicaRules.TombstoneLifetime"/>.</summary>
/// <param name="Revision">The owning slot's revision of this change. A slot's revisions only grow (they are journaled,
/// and a cache-mode slot restarts above what the replica holds), so for one key a higher revision is a later decision.</param>
public sealed record ReplicaEntry(string Key, string? Value, long Version, long Revision, long? ExpiresAtMs, long DeletedAtMs = 0)
{
    public bool IsTombstone => Value is null;

    public static ReplicaEntry Tombstone(string key, long revision, long nowMs) => new(key, null, 0, revision, null, nowMs);

    /// <summary>Live to a reader at <paramref name="nowMs"/>: not deleted and not past its TTL.</summary>
    public bool IsLiveAt(long nowMs) => Value is not null && (ExpiresAtMs is not { } at || at > nowMs);
}
