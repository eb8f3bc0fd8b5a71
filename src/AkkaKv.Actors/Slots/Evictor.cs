using AkkaKv.Memory;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>Keeps the node within its memory budget on the write path, as Redis's performEvictions does before each
/// command that may grow memory: while the node is over budget, sample keys from random local slots, keep the best
/// candidates in an <see cref="EvictionPool"/>, and evict the most evictable ones, each under its slot's lock, up to
/// eight per step (<see cref="EvictSome"/>). O(samples) per eviction, never a scan; nothing at all while the node is
/// under budget (one comparison). False when the node stays over budget: the policy is <c>noeviction</c>, or nothing
/// may be evicted (a volatile-* policy with no TTL keys left), and the write is refused with <see cref="OutOfMemory"/>.
/// <para>Called with no slot lock held, then takes one slot lock at a time: no lock-order cycle with writers.</para></summary>
/// <param name="random">Sampling's randomness; tests pass a seeded one.</param>
public sealed class Evictor(LocalSlots slots, KeyspaceMemory memory, Random? random = null)
{
    /// <summary>Redis's error, word for word: clients and tools match on the OOM prefix.</summary>
    public const string OutOfMemory = "OOM command not allowed when used memory > 'maxmemory'.";

    // Sampling rounds that find no candidate before giving up (volatile-* policies with few TTL keys).
    private const int EmptyRoundsAllowed = 8;

    // Victims evicted per step at most (StepSize).
    private const int MaxBatch = 8;

    private readonly Lock _gate = new();
    private readonly EvictionPool _pool = new();
    private readonly Random _random = random ?? new Random();
    private readonly (int Slot, SampledEntry Sample)[] _victims = new (int, SampledEntry)[MaxBatch];
    private readonly (int Slot, LocalSlot Local, int Start)[] _picks = new (int, LocalSlot, int)[MaxBatch];
    private SampledEntry[] _run = new SampledEntry[EvictionSettings.Unlimited.Samples];
    private int _warmed; // the reads of Warm go here, so that they are made

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

        // Down to a little below the budget, so that the next writes find room without taking this lock: one writer
        // evicts for many instead of every writer queueing here for one eviction each.
        var (bytesBelow, keysBelow) = Headroom(settings);
        if (!_gate.TryEnter())
        {
            // Another writer is evicting, down to below the budget: a write that finds the node less than half the
            // headroom over it goes ahead rather than waiting for that run (a thread asleep on this lock is a socket
            // thread serving nobody). Over by more, or with no headroom (small budgets), it waits.
            if (!memory.Exceeds(-bytesBelow / 2, -keysBelow / 2))
            {
                return true;
            }

            _gate.Enter();
        }

        try
        {
            while (memory.Exceeds(bytesBelow, keysBelow))
            {
                if (!EvictSome(settings, nowMs, StepSize(settings, bytesBelow, keysBelow)))
                {
                    return !memory.OverBudget;
                }
            }
        }
        finally
        {
            _gate.Exit();
        }

        return true;
    }

    /// <summary>How far below the budget one eviction run goes: 1/64 of it (512 KB of a 32 MB budget), at most 1 MB,
    /// and for key budgets 1/64 of the keys; none for byte budgets under 1 MB (a few entries' worth). Measured with
    /// redis-benchmark SETs of new keys under a 32 MB budget: evicting exactly to the budget cost 54% of SET
    /// throughput, 1/512 of it 20%, 1/64 about 20% (9-30%, noisy).</summary>
    private static (long Bytes, long Keys) Headroom(EvictionSettings settings) =>
        (settings.MaxMemoryBytes >= 1024 * 1024 ? Math.Min(settings.MaxMemoryBytes / 64, 1024 * 1024) : 0, settings.MaxKeys / 64);

    /// <summary>Victims for the next step: as many as it takes to get below the target, judging by the average entry's
    /// size, at most <see cref="MaxBatch"/>; at least one. A run's first steps evict several at once, its last ones
    /// one at a time, so that no more keys go than one at a time would evict.</summary>
    private int StepSize(EvictionSettings settings, long bytesBelow, long keysBelow)
    {
        var (bytes, keys) = (memory.Bytes, memory.Keys);
        var need = 1L;
        if (settings.MaxMemoryBytes > 0 && keys > 0)
        {
            need = Math.Max(need, (bytes - (settings.MaxMemoryBytes - bytesBelow)) / Math.Max(1, bytes / keys));
        }

        if (settings.MaxKeys > 0)
        {
            need = Math.Max(need, keys - (settings.MaxKeys - keysBelow));
        }

        return (int)Math.Min(need, MaxBatch);
    }

    /// <summary>One step: samples for <paramref name="batch"/> evictions, then evicts the pool's best
    /// <paramref name="batch"/> candidates (as many evictions, each from the best of the samples, as one at a time would
    /// make). The victims are warmed first, all of them, with no lock held: each costs a chain of cache misses (its slot,
    /// the slot's lock and state, its cell, its entry), and those of a batch then overlap; taken one by one under each
    /// slot's lock they followed one another (the lock is a barrier): 8% of a node's CPU while SETs of new keys evicted.
    /// False when no candidate could be evicted.</summary>
    private bool EvictSome(EvictionSettings settings, long nowMs, int batch)
    {
        for (var round = 0; round < EmptyRoundsAllowed; round++)
        {
            Sample(settings, nowMs, batch);

            // Candidates may have been rewritten, deleted or moved away since they were sampled: then take the next.
            int picked;
            while ((picked = PickVictims(batch)) > 0)
            {
                for (var i = 0; i < picked; i++)
                {
                    _warmed += slots.Find(_victims[i].Slot)?.Warm(_victims[i].Sample) ?? 0;
                }

                var evicted = 0;
                for (var i = 0; i < picked; i++)
                {
                    var (slot, sample) = _victims[i];
                    _victims[i] = default; // evicted entries must not stay reachable from here
                    if (slots.Find(slot) is { } local && local.TryEvict(sample))
                    {
                        evicted++;
                    }
                }

                if (evicted > 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private int PickVictims(int batch)
    {
        var picked = 0;
        while (picked < batch && _pool.TryTakeBest(out var slot, out var sample))
        {
            _victims[picked++] = (slot, sample);
        }

        return picked;
    }

    /// <summary>Offers <c>maxmemory-samples</c> keys per run to the pool, <paramref name="runs"/> runs: each a run of
    /// neighbouring entries in a random local slot, scored from the access stamps beside them in the table's cells.
    /// Picking each key in a slot of its own cost a chain of cache misses per key (slot, table, cell): 26% of a node's
    /// CPU while SETs of new keys evicted; reading each sampled entry's stamp from the entry itself cost another miss
    /// per sample. The runs' slots and starts are picked first and read ahead together, as victims are
    /// (<see cref="EvictSome"/>).</summary>
    private void Sample(EvictionSettings settings, long nowMs, int runs)
    {
        var wanted = Math.Max(1, settings.Samples);
        if (_run.Length < wanted)
        {
            _run = new SampledEntry[wanted];
        }

        // Remote slots are skipped (the slots array is small: these reads hit the cache).
        var picked = 0;
        for (var tries = 0; picked < runs && tries < 16 * runs; tries++)
        {
            var slot = _random.Next(slots.SlotCount);
            if (slots.Find(slot) is { } local)
            {
                _picks[picked++] = (slot, local, _random.Next());
            }
        }

        for (var i = 0; i < picked; i++)
        {
            _warmed += _picks[i].Local.State.EntryAt(_picks[i].Start) is null ? 0 : 1;
        }

        var missing = (runs - picked) * wanted;
        for (var i = 0; i < picked; i++)
        {
            var (slot, local, start) = _picks[i];
            _picks[i] = default;
            missing += wanted - SampleRun(settings, nowMs, slot, local, start, wanted);
        }

        // Slots holding fewer keys than a run asks for: the rest from other slots, one at a time. A bounded number of
        // tries keeps a nearly empty node from spinning.
        for (var tries = 0; missing > 0 && tries < 16 * Math.Max(1, settings.Samples); tries++)
        {
            var slot = _random.Next(slots.SlotCount);
            if (slots.Find(slot) is { } local)
            {
                missing -= SampleRun(settings, nowMs, slot, local, _random.Next(), Math.Min(missing, wanted));
            }
        }
    }

    // Offers up to `count` entries from one run in the slot to the pool; returns how many it found.
    private int SampleRun(EvictionSettings settings, long nowMs, int slot, LocalSlot local, int start, int count)
    {
        var found = local.State.SampleRun(start, _run.AsSpan(0, count));
        for (var i = 0; i < found; i++)
        {
            var sample = _run[i];
            _run[i] = default; // the pool keeps what it wants; this buffer must not keep evicted entries alive
            if (EvictionScore.Of(sample.Entry, sample.Stamp, nowMs, settings, _random) is { } score)
            {
                _pool.Offer(score, slot, sample);
            }
        }

        return found;
    }
}
