using AkkaKv.Slots;

namespace AkkaKv.Memory;

/// <summary>Redis's eviction pool: the best candidates seen across sampling rounds, kept sorted by score, so that each
/// eviction takes the most evictable key of many samples rather than of the last few. Not thread-safe: the node's
/// evictor holds it under its own lock.
/// <para>The order is kept in an array of plain structs that point at the candidates by index; the candidates (which
/// hold references) never move. Sorting an array of references instead shifted them with the GC's write barrier on
/// every offer: 11% of a node's CPU while SETs of new keys evicted.</para></summary>
public sealed class EvictionPool
{
    private readonly Rank[] _ranks; // ascending score: the best candidate is last
    private readonly (int Slot, SampledEntry Sample)[] _held; // by index; a free index holds no entry
    private int _count;

    public EvictionPool(int capacity = 16)
    {
        _ranks = new Rank[capacity];
        _held = new (int, SampledEntry)[capacity];
    }

    public int Count => _count;

    /// <summary>Offers a sampled entry; kept when the pool has room or it beats the worst candidate. An entry already
    /// in the pool takes its new score (scores change with time: LRU idle time grows, LFU counters decay).</summary>
    public void Offer(long score, int slot, SampledEntry sample)
    {
        // Most samples are no better than the worst candidate of a full pool: turned away before the search for a
        // copy of them. A copy already in the pool then keeps its older score, as any candidate does whose key is
        // touched after it was pooled (Redis's pool does not rescore its candidates either).
        if (_count == _ranks.Length && score <= _ranks[0].Score)
        {
            return;
        }

        var free = -1;
        for (var i = 0; i < _held.Length; i++)
        {
            var held = _held[i].Sample.Entry;
            if (ReferenceEquals(held, sample.Entry))
            {
                Drop(RankOf(i));
                free = i;
                break;
            }

            if (held is null && free < 0)
            {
                free = i;
            }
        }

        if (_count == _ranks.Length)
        {
            free = _ranks[0].Index;
            Drop(0);
        }

        var at = _count;
        while (at > 0 && _ranks[at - 1].Score >= score)
        {
            _ranks[at] = _ranks[at - 1];
            at--;
        }

        _ranks[at] = new Rank(score, free);
        _held[free] = (slot, sample);
        _count++;
    }

    /// <summary>Takes the highest-scoring candidate out of the pool.</summary>
    public bool TryTakeBest(out int slot, out SampledEntry sample)
    {
        if (_count == 0)
        {
            slot = -1;
            sample = default;
            return false;
        }

        (slot, sample) = _held[_ranks[_count - 1].Index];
        Drop(_count - 1);
        return true;
    }

    private int RankOf(int index)
    {
        var rank = 0;
        while (_ranks[rank].Index != index)
        {
            rank++;
        }

        return rank;
    }

    // Removes the candidate at this rank; its index becomes free (the pool must not keep an evicted entry alive).
    private void Drop(int rank)
    {
        _held[_ranks[rank].Index] = default;
        _count--;
        for (var i = rank; i < _count; i++)
        {
            _ranks[i] = _ranks[i + 1];
        }
    }

    private readonly record struct Rank(long Score, int Index);
}
