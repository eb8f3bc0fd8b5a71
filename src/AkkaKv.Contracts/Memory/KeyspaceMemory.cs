namespace AkkaKv.Memory;

/// <summary>What the slots of one node hold, by the <see cref="EntrySize"/> model: bytes and keys, kept up to date by
/// every change (one interlocked add per write), read by the evictor on the write path and by stats. Also carries the
/// node's <see cref="EvictionSettings"/> so that reads can mark entries with the current LFU parameters.</summary>
public sealed class KeyspaceMemory
{
    private long _bytes;
    private long _keys;
    private long _evicted;
    private long _expired;
    private long _hits;
    private long _misses;
    private volatile EvictionSettings _settings = EvictionSettings.Unlimited;

    public long Bytes => Interlocked.Read(ref _bytes);

    public long Keys => Interlocked.Read(ref _keys);

    public long Evicted => Interlocked.Read(ref _evicted);

    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Reads that found a live key (Redis's keyspace_hits).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public EvictionSettings Settings
    {
        get => _settings;
        set => _settings = value;
    }

    /// <summary>Whether the node is past its budget now (a write would be refused or must evict first).</summary>
    public bool OverBudget => Exceeds(0, 0);

    /// <summary>Whether the node holds more than its budget less <paramref name="bytesBelow"/> bytes and
    /// <paramref name="keysBelow"/> keys (an evictor's target, to make room for several writes at once).</summary>
    public bool Exceeds(long bytesBelow, long keysBelow)
    {
        var settings = _settings;
        return (settings.MaxMemoryBytes > 0 && Bytes > settings.MaxMemoryBytes - bytesBelow)
            || (settings.MaxKeys > 0 && Keys > settings.MaxKeys - keysBelow);
    }

    public void Add(long bytes, long keys)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
        }

        if (keys != 0)
        {
            Interlocked.Add(ref _keys, keys);
        }
    }

    public void CountEvicted() => Interlocked.Increment(ref _evicted);

    public void CountExpired() => Interlocked.Increment(ref _expired);

    public void CountHit() => Interlocked.Increment(ref _hits);

    public void CountMiss() => Interlocked.Increment(ref _misses);
}
