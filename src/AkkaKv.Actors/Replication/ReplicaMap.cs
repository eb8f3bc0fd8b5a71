using System.Collections.Immutable;
using Akka.DistributedData;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>The replicas of the replicated keys of one bucket of slots, as a delta CRDT for Akka.DistributedData.
/// Each key maps to the newest <see cref="ReplicaEntry"/> seen for it (<see cref="ReplicaRules.Supersedes"/>): merging is
/// a per-key maximum, so it is commutative, associative and idempotent, and a delta is simply a smaller map of the
/// entries changed since the last one (like Akka's GCounter, it is its own delta type, and needs no causal delivery).
/// <para>Why not Akka's LWWDictionary: its clock is wall time and its removes are observed-remove, so an old value
/// gossiped late can win over or revive what the key's single writer decided later. Here the key's owning slot orders
/// its changes by its journaled revision, and deletions are versioned tombstones.</para>
/// <para>The replicator merges and compares whole maps on every update (the new map into the old one, then the two for
/// equality), which would make each update cost O(keys in the bucket). So a map written from another remembers which
/// map it was written from (<see cref="_base"/>: merging the two is then the newer one, O(1)), and carries an
/// order-independent hash of its entries (<see cref="_contentHash"/>: unequal maps almost always differ in it).</para></summary>
public sealed class ReplicaMap :
    IDeltaReplicatedData<ReplicaMap, ReplicaMap>,
    IReplicatedDelta,
    IReplicatedDeltaSize
{
    public static readonly ReplicaMap Empty = new(ImmutableDictionary<string, ReplicaEntry>.Empty.WithComparers(StringComparer.Ordinal), null, null, 0);

    private readonly ReplicaMap? _delta;
    private readonly ImmutableDictionary<string, ReplicaEntry>? _base;
    private readonly long _contentHash;

    private ReplicaMap(ImmutableDictionary<string, ReplicaEntry> entries, ReplicaMap? delta, ImmutableDictionary<string, ReplicaEntry>? @base, long contentHash)
    {
        Entries = entries;
        _delta = delta;
        _base = @base;
        _contentHash = contentHash;
    }

    public ImmutableDictionary<string, ReplicaEntry> Entries { get; }

    public int Count => Entries.Count;

    /// <summary>The changes since the last <see cref="ResetDelta"/> (what the replicator propagates), null when none.</summary>
    public ReplicaMap Delta => _delta!;

    IReplicatedDelta IDeltaReplicatedData.Delta => _delta!;

    IDeltaReplicatedData IReplicatedDelta.Zero => Empty;

    public int DeltaSize => Entries.Count;

    /// <summary>A map holding <paramref name="entries"/> (the winner where a key repeats), with no delta: what a
    /// deserialized replica or a test starts from.</summary>
    public static ReplicaMap Of(IEnumerable<ReplicaEntry> entries)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, ReplicaEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            builder[entry.Key] = builder.TryGetValue(entry.Key, out var seen) ? ReplicaRules.Winner(entry, seen) : entry;
        }

        long hash = 0;
        foreach (var entry in builder.Values)
        {
            hash += HashOf(entry);
        }

        return new ReplicaMap(builder.ToImmutable(), null, null, hash);
    }

    public ReplicaEntry? Find(string key) => Entries.GetValueOrDefault(key);

    /// <summary>Records the owner's decisions: each entry is kept where it supersedes what the map has (an update that
    /// arrives after a newer one changes nothing), and the kept ones join the delta. Tombstones already past their
    /// lifetime at <paramref name="nowMs"/> are dropped instead.</summary>
    /// <param name="propagate">False for entries another node pushed here (see <see cref="ReplicaWriter"/>): that node
    /// propagates them itself, so they join no delta here (the delta stays empty, not absent: the replicator treats a
    /// missing delta as "send the whole map", and it would hold back the bucket's other deltas with it).</param>
    public ReplicaMap WithEntries(IEnumerable<ReplicaEntry> entries, long nowMs, bool propagate = true)
    {
        var merged = Entries;
        var hash = _contentHash;
        var delta = _delta?.Entries ?? Empty.Entries;
        var deltaHash = _delta?._contentHash ?? 0;
        var removed = false;
        foreach (var entry in entries)
        {
            var replaced = delta.GetValueOrDefault(entry.Key);
            switch (Keep(ref merged, ref hash, entry, nowMs))
            {
                case Outcome.Kept:
                    delta = delta.SetItem(entry.Key, entry);
                    deltaHash += HashOf(entry) - (replaced is null ? 0 : HashOf(replaced));
                    break;
                case Outcome.Removed:
                    removed = true;
                    break;
            }
        }

        // Only added or superseded entries: merging this map with the one it came from gives this one.
        return ReferenceEquals(merged, Entries)
            ? this
            : new ReplicaMap(merged, propagate ? new ReplicaMap(delta, null, null, deltaHash) : _delta ?? Empty, removed ? null : Entries, hash);
    }

    /// <summary>Drops tombstones past their lifetime (every node does this for its own replica; see
    /// <see cref="ReplicaRules.TombstoneLifetime"/>). No delta: a removal is not a per-key maximum, and the other replicas
    /// drop the same tombstones on their own clock.</summary>
    public ReplicaMap PruneTombstones(long nowMs)
    {
        var pruned = Entries;
        var hash = _contentHash;
        foreach (var (key, entry) in Entries)
        {
            if (ReplicaRules.IsPrunable(entry, nowMs))
            {
                pruned = pruned.Remove(key);
                hash -= HashOf(entry);
            }
        }

        return ReferenceEquals(pruned, Entries) ? this : new ReplicaMap(pruned, _delta, null, hash);
    }

    public ReplicaMap Merge(ReplicaMap other)
    {
        // A map written from the other holds everything the other does, or something newer: it is the merge.
        if (ReferenceEquals(other.Entries, Entries) || ReferenceEquals(_base, other.Entries))
        {
            return _delta is null ? this : ResetDelta();
        }

        if (ReferenceEquals(other._base, Entries))
        {
            return other.ResetDelta();
        }

        // Otherwise fold the smaller map into the larger: a delta (a few entries) into a bucket costs O(delta · log bucket).
        var (into, from) = other.Entries.Count > Entries.Count ? (other, this) : (this, other);
        var merged = into.Entries;
        var hash = into._contentHash;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var entry in from.Entries.Values)
        {
            Keep(ref merged, ref hash, entry, nowMs);
        }

        return ReferenceEquals(merged, Entries) && _delta is null ? this : new ReplicaMap(merged, null, null, hash);
    }

    public IReplicatedData Merge(IReplicatedData other) => Merge((ReplicaMap)other);

    public ReplicaMap MergeDelta(ReplicaMap delta) => Merge(delta);

    IReplicatedData IDeltaReplicatedData.MergeDelta(IReplicatedDelta delta) => Merge((ReplicaMap)delta);

    public ReplicaMap ResetDelta() => _delta is null ? this : new ReplicaMap(Entries, null, _base, _contentHash);

    IReplicatedData IDeltaReplicatedData.ResetDelta() => ResetDelta();

    public override bool Equals(object? obj) =>
        obj is ReplicaMap other
        && (ReferenceEquals(other.Entries, Entries)
            || (other.Entries.Count == Entries.Count && other._contentHash == _contentHash
                && Entries.All(e => other.Entries.TryGetValue(e.Key, out var o) && o == e.Value)));

    public override int GetHashCode() => _contentHash.GetHashCode();

    public override string ToString() => $"ReplicaMap({Entries.Count} keys)";

    /// <summary>An entry's share of the map's content hash (summed, so the order entries arrive in does not matter). The
    /// value is left out: a key's revision already tells its changes apart (its owner decides one change per revision),
    /// and hashing each value (~3 hashes per change and update) was ~2% of a node's CPU under replicated writes. The hash
    /// only rules inequality in quickly; equal hashes still compare every entry.</summary>
    private static long HashOf(ReplicaEntry entry) =>
        ((long)StringComparer.Ordinal.GetHashCode(entry.Key) << 32)
        ^ (entry.Revision * unchecked((long)0x9E3779B97F4A7C15))
        ^ (entry.IsTombstone ? 1L : 0L)
        ^ entry.Version;

    private enum Outcome
    {
        Unchanged,
        Kept,
        Removed,
    }

    /// <summary>Puts <paramref name="entry"/> into <paramref name="map"/> when it wins over what is there. An expired
    /// tombstone is not kept, and it still removes an older live entry (the deletion happened).</summary>
    private static Outcome Keep(ref ImmutableDictionary<string, ReplicaEntry> map, ref long hash, ReplicaEntry entry, long nowMs)
    {
        var existing = map.GetValueOrDefault(entry.Key);
        if (existing is not null && !ReplicaRules.Supersedes(entry, existing))
        {
            return Outcome.Unchanged;
        }

        if (existing is not null)
        {
            hash -= HashOf(existing);
        }

        if (ReplicaRules.IsPrunable(entry, nowMs))
        {
            if (existing is null)
            {
                return Outcome.Unchanged;
            }

            map = map.Remove(entry.Key);
            return Outcome.Removed;
        }

        map = map.SetItem(entry.Key, entry);
        hash += HashOf(entry);
        return Outcome.Kept;
    }
}
