using AkkaKv.Memory;

namespace AkkaKv.Actors.Replication;

/// <summary>How much of the replicated keyspaces this node's replica holds, recounted from the replica every 250 ms
/// (<see cref="ReplicaWriter"/>): what the budget is checked against. It lags writes by up to that interval, so a burst
/// can overshoot the budget by what is written in it (the documented slack).</summary>
public sealed class ReplicaUsage
{
    private readonly long[] _bytes = new long[ReplicaSettings.BucketCount];
    private readonly long[] _keys = new long[ReplicaSettings.BucketCount];
    private long _totalBytes;
    private long _totalKeys;

    public long Bytes => Volatile.Read(ref _totalBytes);

    public long Keys => Volatile.Read(ref _totalKeys);

    /// <summary>Recounts one bucket (called by the node's replica writer only).</summary>
    public void Recount(int bucket, ReplicaMap map)
    {
        // Bytes count tombstones too (they are held until pruned); keys count live ones, so a delete frees its place.
        long bytes = 0;
        long live = 0;
        foreach (var entry in map.Entries.Values)
        {
            bytes += EntrySize.Of(entry.Key, entry.Value ?? string.Empty);
            live += entry.IsTombstone ? 0 : 1;
        }

        Interlocked.Add(ref _totalBytes, bytes - _bytes[bucket]);
        Interlocked.Add(ref _totalKeys, live - _keys[bucket]);
        _bytes[bucket] = bytes;
        _keys[bucket] = live;
    }
}
