using AkkaKv.Slots;

namespace AkkaKv.Memory;

/// <summary>Redis's eviction pool: the best candidates seen across sampling rounds, kept sorted by score, so that each
/// eviction takes the most evictable key of many samples rather than of the last few. Not thread-safe: the node's
/// evictor holds it under its own lock.</summary>
public sealed class EvictionPool(int capacity = 16)
{
    private readonly List<(long Score, int Slot, KvEntry Entry)> _candidates = new(capacity + 1);

    public int Count => _candidates.Count;

    /// <summary>Offers a sampled entry; kept when the pool has room or it beats the worst candidate. An entry already
    /// in the pool takes its new score (scores change with time: LRU idle time grows, LFU counters decay).</summary>
    public void Offer(long score, int slot, KvEntry entry)
    {
        for (var i = 0; i < _candidates.Count; i++)
        {
            if (ReferenceEquals(_candidates[i].Entry, entry))
            {
                _candidates.RemoveAt(i);
                break;
            }
        }

        if (_candidates.Count == capacity && score <= _candidates[0].Score)
        {
            return;
        }

        var at = 0;
        while (at < _candidates.Count && _candidates[at].Score < score)
        {
            at++;
        }

        _candidates.Insert(at, (score, slot, entry));
        if (_candidates.Count > capacity)
        {
            _candidates.RemoveAt(0);
        }
    }

    /// <summary>Takes the highest-scoring candidate out of the pool.</summary>
    public bool TryTakeBest(out int slot, out KvEntry entry)
    {
        if (_candidates.Count == 0)
        {
            slot = -1;
            entry = null!;
            return false;
        }

        (_, slot, entry) = _candidates[^1];
        _candidates.RemoveAt(_candidates.Count - 1);
        return true;
    }

    public void Clear() => _candidates.Clear();
}
