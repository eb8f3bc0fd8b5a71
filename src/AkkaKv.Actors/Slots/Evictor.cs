using AkkaKv.Memory;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>Keeps the node within its memory budget on the write path, as Redis's performEvictions does before each
/// command that may grow memory: while the node is over budget, sample keys from random local slots, keep the best
/// candidates in an <see cref="EvictionPool"/>, and evict the most evictable one under its slot's lock. O(samples) per
/// eviction, never a scan; nothing at all while the node is under budget (one comparison). False when the node stays
/// over budget: the policy is <c>noeviction</c>, or nothing may be evicted (a volatile-* policy with no TTL keys left),
/// and the write is refused with <see cref="OutOfMemory"/>.
/// <para>Called with no slot lock held, then takes one slot lock at a time: no lock-order cycle with writers.</para></summary>
/// <param name="random">Sampling's randomness; tests pass a seeded one.</param>
public sealed class Evictor(LocalSlots slots, KeyspaceMemory memory, Random? random = null)
{
    /// <summary>Redis's error, word for word: clients and tools match on the OOM prefix.</summary>
    public const string OutOfMemory = "OOM command not allowed when used memory > 'maxmemory'.";

    // Sampling rounds that find no candidate before giving up (volatile-* policies with few TTL keys).
    private const int EmptyRoundsAllowed = 8;

    private readonly Lock _gate = new();
    private readonly EvictionPool _pool = new();
    private readonly Random _random = random ?? new Random();
    private SampledEntry[] _run = new SampledEntry[EvictionSettings.Unlimited.Samples];

    /// <summary>Makes room for a write; false when the node stays over budget and the write must be refused.</summary>
    public bool MakeRoom(long nowMs)
    {
        if (!memory.OverBudget)
        {
            return true;
        }

        var settings = memory.Settings;
        if (settings.Policy == EvictionPolicy.NoEviction)
        {
            return false;
        }

        lock (_gate)
        {
            // Down to a little below the budget, so that the next writes find room without taking this lock: one
            // writer evicts for many instead of every writer queueing here for one eviction each.
            var (bytesBelow, keysBelow) = Headroom(settings);
            while (memory.Exceeds(bytesBelow, keysBelow))
            {
                if (!EvictOne(settings, nowMs))
                {
                    return !memory.OverBudget;
                }
            }
        }

        return true;
    }

    /// <summary>How far below the budget one eviction run goes: 1/64 of it (512 KB of a 32 MB budget), at most 1 MB,
    /// and for key budgets 1/64 of the keys; none for byte budgets under 1 MB (a few entries' worth). Measured with
    /// redis-benchmark SETs of new keys under a 32 MB budget: evicting exactly to the budget cost 54% of SET
    /// throughput, 1/512 of it 20%, 1/64 about 20% (9-30%, noisy).</summary>
    private static (long Bytes, long Keys) Headroom(EvictionSettings settings) =>
        (settings.MaxMemoryBytes >= 1024 * 1024 ? Math.Min(settings.MaxMemoryBytes / 64, 1024 * 1024) : 0, settings.MaxKeys / 64);

    private bool EvictOne(EvictionSettings settings, long nowMs)
    {
        for (var round = 0; round < EmptyRoundsAllowed; round++)
        {
            Sample(settings, nowMs);
            while (_pool.TryTakeBest(out var slot, out var sample))
            {
                // A candidate may have been rewritten, deleted or moved away since it was sampled: then try the next.
                if (slots.Find(slot) is { } local && local.TryEvict(sample))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Offers <c>maxmemory-samples</c> keys to the pool: a run of neighbouring entries in a random local slot
    /// (more slots only when it holds fewer), scored from the access stamps beside them in the table's cells. Picking
    /// each key in a slot of its own cost a chain of cache misses per key (slot, table, cell): 26% of a node's CPU while
    /// SETs of new keys evicted; reading each sampled entry's stamp from the entry itself cost another miss per sample.</summary>
    private void Sample(EvictionSettings settings, long nowMs)
    {
        var wanted = Math.Max(1, settings.Samples);
        if (_run.Length < wanted)
        {
            _run = new SampledEntry[wanted];
        }

        // Empty or remote slots are skipped; a bounded number of tries keeps a nearly empty node from spinning.
        for (var tries = 0; wanted > 0 && tries < 16 * Math.Max(1, settings.Samples); tries++)
        {
            var slot = _random.Next(slots.SlotCount);
            if (slots.Find(slot) is not { } local)
            {
                continue;
            }

            var found = local.State.SampleRun(_random, _run.AsSpan(0, wanted));
            for (var i = 0; i < found; i++)
            {
                var sample = _run[i];
                _run[i] = default; // the pool keeps what it wants; this buffer must not keep evicted entries alive
                if (EvictionScore.Of(sample.Entry, sample.Stamp, nowMs, settings, _random) is { } score)
                {
                    _pool.Offer(score, slot, sample);
                }
            }

            wanted -= found;
        }
    }
}
