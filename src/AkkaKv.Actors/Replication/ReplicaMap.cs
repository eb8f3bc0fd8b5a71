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
/// its changes by its journaled revision, and deletions are versioned tombstones.</para></summary>
public sealed class ReplicaMap :
    IDeltaReplicatedData<ReplicaMap, ReplicaMap>,
    IReplicatedDelta,
    IReplicatedDeltaSize
{
    public static readonly ReplicaMap Empty = new(ImmutableDictionary<string, ReplicaEntry>.Empty.WithComparers(StringComparer.Ordinal), null);

    private readonly ReplicaMap? _delta;

    private ReplicaMap(ImmutableDictionary<string, ReplicaEntry> entries, ReplicaMap? delta)
    {
        Entries = entries;
        _delta = delta;
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

        return new ReplicaMap(builder.ToImmutable(), null);
    }

    public ReplicaEntry? Find(string key) => Entries.GetValueOrDefault(key);

    /// <summary>Records the owner's decisions: each entry is kept where it supersedes what the map has (an update that
    /// arrives after a newer one changes nothing), and the kept ones join the delta. Tombstones already past their
    /// lifetime at <paramref name="nowMs"/> are dropped instead.</summary>
    public ReplicaMap WithEntries(IEnumerable<ReplicaEntry> entries, long nowMs)
    {
        var merged = Entries;
        var delta = _delta?.Entries ?? Empty.Entries;
        foreach (var entry in entries)
        {
            if (Keep(merged, entry, nowMs, ref merged))
            {
                delta = delta.SetItem(entry.Key, entry);
            }
        }

        return ReferenceEquals(merged, Entries) ? this : new ReplicaMap(merged, new ReplicaMap(delta, null));
    }

    /// <summary>Drops tombstones past their lifetime (every node does this for its own replica; see
    /// <see cref="ReplicaRules.TombstoneLifetime"/>). No delta: a removal is not a per-key maximum, and the other replicas
    /// drop the same tombstones on their own clock.</summary>
    public ReplicaMap PruneTombstones(long nowMs)
    {
        var pruned = Entries;
        foreach (var (key, entry) in Entries)
        {
            if (ReplicaRules.IsPrunable(entry, nowMs))
            {
                pruned = pruned.Remove(key);
            }
        }

        return ReferenceEquals(pruned, Entries) ? this : new ReplicaMap(pruned, _delta);
    }

    public ReplicaMap Merge(ReplicaMap other)
    {
        // Fold the smaller map into the larger: a delta (a few entries) into a bucket costs O(delta · log bucket).
        var (into, from) = other.Entries.Count > Entries.Count ? (other.Entries, Entries) : (Entries, other.Entries);
        var merged = into;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var entry in from.Values)
        {
            Keep(merged, entry, nowMs, ref merged);
        }

        return ReferenceEquals(merged, Entries) && _delta is null ? this : new ReplicaMap(merged, null);
    }

    public IReplicatedData Merge(IReplicatedData other) => Merge((ReplicaMap)other);

    public ReplicaMap MergeDelta(ReplicaMap delta) => Merge(delta);

    IReplicatedData IDeltaReplicatedData.MergeDelta(IReplicatedDelta delta) => Merge((ReplicaMap)delta);

    public ReplicaMap ResetDelta() => _delta is null ? this : new ReplicaMap(Entries, null);

    IReplicatedData IDeltaReplicatedData.ResetDelta() => ResetDelta();

    public override bool Equals(object? obj) =>
        obj is ReplicaMap other && other.Entries.Count == Entries.Count
        && Entries.All(e => other.Entries.TryGetValue(e.Key, out var o) && o == e.Value);

    public override int GetHashCode() => Entries.Count;

    public override string ToString() => $"ReplicaMap({Entries.Count} keys)";

    /// <summary>Puts <paramref name="entry"/> into <paramref name="map"/> when it wins over what is there; true when it did.
    /// An expired tombstone is not kept, and it still removes an older live entry (the deletion happened).</summary>
    private static bool Keep(ImmutableDictionary<string, ReplicaEntry> current, ReplicaEntry entry, long nowMs, ref ImmutableDictionary<string, ReplicaEntry> map)
    {
        var existing = current.GetValueOrDefault(entry.Key);
        if (existing is not null && !ReplicaRules.Supersedes(entry, existing))
        {
            return false;
        }

        if (ReplicaRules.IsPrunable(entry, nowMs))
        {
            if (existing is not null)
            {
                map = map.Remove(entry.Key);
            }

            return false;
        }

        map = map.SetItem(entry.Key, entry);
        return true;
    }
}
