using AkkaKv.Memory;

namespace AkkaKv.Slots;

/// <summary>The committed contents of one slot. Pure logic: events in, state out; time is always passed in.
/// Changed only by <see cref="Apply"/> (and by <see cref="Put"/> where nothing is journaled), so what readers see is
/// exactly what the journal holds. One thread writes (the
/// slot's actor); <see cref="Find"/>, <see cref="Revision"/> and <see cref="SampleRun"/> may be read from any thread, so
/// that reads of a local slot need no actor hop. Everything else belongs to the writer.
/// <para>Every change is also counted into the node's <see cref="KeyspaceMemory"/> (bytes by the <see cref="EntrySize"/>
/// model, keys); the <see cref="EntryTable"/> lets the evictor sample keys in O(1).</para></summary>
public sealed class SlotState
{
    private readonly EntryTable _entries = new();
    private readonly KeyspaceMemory _memory;
    private long _bytes; // this slot's share of the node's KeyspaceMemory.Bytes
    private long _utf8Bytes; // UTF-8 bytes of the stored keys and values

    // Min-heap of (key, expiry) with lazy deletion: an item is stale when the key's current expiry differs.
    private readonly PriorityQueue<string, long> _expiries = new();

    private long _revision;

    /// <param name="memory">The node's accounting; a state of its own when null (tests, tools).</param>
    public SlotState(KeyspaceMemory? memory = null)
    {
        _memory = memory ?? new KeyspaceMemory();
    }

    public long Revision
    {
        get => Volatile.Read(ref _revision);
        private set => Volatile.Write(ref _revision, value);
    }

    public int Count => _entries.Count;

    /// <summary>Whether any key may still be waiting to expire (stale heap items count until they are dropped).</summary>
    public bool HasPendingExpiries => _expiries.Count > 0;

    /// <summary>A read: the live entry for a key, or null when absent or past its expiry. Counts a hit or a miss and
    /// marks the entry as used (LRU time, LFU counter).</summary>
    public KvEntry? Find(string key, long nowMs)
    {
        using var utf8 = new Utf8Key(key, stackalloc byte[128]);
        return Find(utf8.Bytes, nowMs);
    }

    /// <summary>As <see cref="Find(string, long)"/>, for a key as its UTF-8 bytes (the Redis protocol's GET, which then
    /// makes no string of the key).</summary>
    public KvEntry? Find(ReadOnlySpan<byte> utf8Key, long nowMs)
    {
        ref var stamp = ref _entries.Find(utf8Key, out var stored);
        if (Live(stored, nowMs) is { } entry)
        {
            _memory.CountHit();
            // Written only when it changes: a hot key read many times per clock tick leaves its cell's line clean.
            var touched = AccessTracking.Read(stamp, nowMs, _memory.Settings);
            if (touched != stamp)
            {
                stamp = touched;
            }

            return entry;
        }

        _memory.CountMiss();
        return null;
    }

    /// <summary>The live entry for a key, as a writer looks before deciding: no hit, miss or use is counted.</summary>
    public KvEntry? Peek(string key, long nowMs) => Live(_entries.Find(key), nowMs);

    /// <summary>As <see cref="Peek(string, long)"/>, for a key as its UTF-8 bytes.</summary>
    public KvEntry? Peek(ReadOnlySpan<byte> utf8Key, long nowMs) => Live(_entries.Find(utf8Key), nowMs);

    /// <summary>The stored entry whether expired or not (expiry decisions need it).</summary>
    public KvEntry? FindStored(string key) => _entries.Find(key);

    /// <summary>The access stamp of a live key (<see cref="AccessTracking"/>), or null when absent or expired; not
    /// counted as a read (OBJECT IDLETIME and FREQ look at a key without using it).</summary>
    public uint? AccessStampOf(string key, long nowMs)
    {
        using var utf8 = new Utf8Key(key, stackalloc byte[128]);
        ref var stamp = ref _entries.Find(utf8.Bytes, out var stored);
        return Live(stored, nowMs) is null ? null : stamp;
    }

    /// <summary>The access stamp a key written at <paramref name="nowMs"/> gets under the node's current policy.</summary>
    public uint NewAccessStamp(long nowMs) => AccessTracking.Created(nowMs, _memory.Settings.Policy.UsesLfu());

    public void Apply(ISlotEvent change) => Apply(change, UnixNowMs());

    /// <summary>Applies a change decided at <paramref name="nowMs"/> (a new entry's last access).</summary>
    public void Apply(ISlotEvent change, long nowMs)
    {
        switch (change)
        {
            case ValueSet set:
                Put(set.Entry, nowMs);
                return;
            case KeyDeleted deleted:
                RemoveKey(deleted.Key);
                break;
            case KeyExpired expired:
                if (RemoveKey(expired.Key))
                {
                    _memory.CountExpired();
                }

                break;
            case SlotCleared:
                _memory.Add(-_bytes, -_entries.Count);
                _entries.Clear();
                _expiries.Clear();
                _bytes = 0;
                Volatile.Write(ref _utf8Bytes, 0);
                break;
            default:
                throw new ArgumentException($"unknown slot event {change.GetType().Name}", nameof(change));
        }

        Revision = change.Revision;
    }

    /// <summary>Stores an entry as the slot's latest change (its ModRevision becomes the slot's revision). What
    /// <see cref="Apply"/> does for a <see cref="ValueSet"/>; called directly only where there is no event to keep (a
    /// cache-mode slot's plain SET, which journals nothing).</summary>
    public void Put(KvEntry entry) => Put(entry, UnixNowMs());

    /// <summary>As <see cref="Put(KvEntry)"/>, written at <paramref name="nowMs"/>.</summary>
    public void Put(KvEntry entry, long nowMs)
    {
        // One probe of the table on the hottest write: an overwritten key keeps its LFU counter in its cell.
        var lfu = _memory.Settings.Policy.UsesLfu();
        var replaced = _entries.Set(entry, AccessTracking.Created(nowMs, lfu), keepReplacedStamp: lfu);

        Account(entry, replaced);

        if (entry.ExpiresAtMs is { } at)
        {
            _expiries.Enqueue(entry.Key, at);
        }

        Revision = entry.ModRevision;
    }

    /// <summary>Stored entries from a random place, for eviction (<see cref="EntryTable.SampleRun"/>), from any thread;
    /// returns how many were put in <paramref name="into"/>. The caller checks an entry is still stored before acting on
    /// it.</summary>
    public int SampleRun(int start, Span<SampledEntry> into) => _entries.SampleRun(start, into);

    /// <summary>The entry in the cell at <paramref name="position"/> (<see cref="EntryTable.EntryAt"/>): where a probe
    /// for a key with that hash (<see cref="EntryTable.HashOf"/>) starts, or where a <see cref="SampleRun"/> starting
    /// there begins. Any thread. Callers about to touch several keys read them ahead this way, all of them first, so
    /// that their cache misses overlap instead of following one another (a pipeline's keys, eviction's runs and
    /// victims).</summary>
    public KvEntry? EntryAt(int position) => _entries.EntryAt(position);

    /// <summary>Evicts an entry the evictor picked, only if it is still the stored one (writer only, like every
    /// change). No event: eviction is a cache's own business and is journaled nowhere. Bumps the revision so that a
    /// WATCH on the key sees the change, as in Redis.</summary>
    public bool Evict(SampledEntry sample)
    {
        if (!_entries.RemoveEntry(sample.Entry, sample.Hash))
        {
            return false;
        }

        Account(null, sample.Entry);
        _memory.CountEvicted();
        Revision = _revision + 1;
        return true;
    }

    /// <summary>Moves the slot's revision up to at least <paramref name="revision"/> (writer only): a cache-mode slot that
    /// restarts empty continues above what its replicas hold, so its next write is newer than any of them.</summary>
    public void AdvanceRevision(long revision)
    {
        if (revision > _revision)
        {
            Revision = revision;
        }
    }

    /// <summary>Takes this slot's keys out of the node's accounting: the slot stops and its state goes with it.</summary>
    public void Release()
    {
        _memory.Add(-_bytes, -_entries.Count);
        _bytes = 0;
    }

    /// <summary>Puts a key taken by <see cref="DueForExpiry"/> back in line, when the removal decided for it was not
    /// journaled after all (a rejected batch): otherwise it would stay stored, hidden from readers, until rewritten.</summary>
    public void RescheduleExpiry(string key)
    {
        if (_entries.Find(key) is { ExpiresAtMs: { } at })
        {
            _expiries.Enqueue(key, at);
        }
    }

    /// <summary>Keys whose expiry has passed, oldest first, at most <paramref name="max"/>. Taken out of the expiry
    /// queue: a caller whose removal fails puts them back (<see cref="RescheduleExpiry"/>).</summary>
    public IReadOnlyList<string> DueForExpiry(long nowMs, int max)
    {
        var due = new List<string>();
        while (due.Count < max && _expiries.TryPeek(out var key, out var at) && at <= nowMs)
        {
            _expiries.Dequeue();
            // Stale heap items (key rewritten, deleted, or its TTL changed) are dropped here.
            if (_entries.Find(key) is { } entry && entry.ExpiresAtMs == at)
            {
                due.Add(key);
            }
        }

        return due;
    }

    /// <summary>Live entries with the prefix, sorted ordinally, strictly after <paramref name="after"/>.
    /// Sorted on demand: a slot holds ~1/1024 of the keys, and a sorted index would tax every write.</summary>
    public IReadOnlyList<KvEntry> Scan(string prefix, string? after, int limit, long nowMs)
    {
        var matches = new List<KvEntry>();
        foreach (var entry in _entries.Entries())
        {
            if (entry.Key.StartsWith(prefix, StringComparison.Ordinal)
                && (after is null || string.CompareOrdinal(entry.Key, after) > 0)
                && !entry.IsExpiredAt(nowMs))
            {
                matches.Add(entry);
            }
        }

        matches.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return matches.Count > limit ? matches.GetRange(0, limit) : matches;
    }

    /// <summary>A live entry picked at random (RANDOMKEY), or null when the slot holds none. O(keys in the slot).</summary>
    public KvEntry? PickRandom(long nowMs)
    {
        var count = _entries.Count;
        if (count == 0)
        {
            return null;
        }

        var skip = Random.Shared.Next(count);
        KvEntry? live = null;
        foreach (var entry in _entries.Entries())
        {
            if (!entry.IsExpiredAt(nowMs))
            {
                live = entry;
                if (skip-- <= 0)
                {
                    break;
                }
            }
        }

        return live;
    }

    /// <summary>Live entries whose key matches <paramref name="match"/>, in no particular order (SCAN, KEYS).</summary>
    public void CollectKeys(Func<string, bool> match, long nowMs, List<string> into)
    {
        foreach (var entry in _entries.Entries())
        {
            if (!entry.IsExpiredAt(nowMs) && match(entry.Key))
            {
                into.Add(entry.Key);
            }
        }
    }

    /// <summary>UTF-8 bytes of the stored keys and values (expired ones not yet removed included), kept as entries come
    /// and go: O(1), readable from any thread (the slot reports read it every few seconds).</summary>
    public long Utf8Bytes => Volatile.Read(ref _utf8Bytes);

    /// <summary>How many stored entries carry a TTL (INFO keyspace's expires=); counts entries not yet removed.</summary>
    public int CountWithExpiry()
    {
        var n = 0;
        foreach (var entry in _entries.Entries())
        {
            if (entry.ExpiresAtMs is not null)
            {
                n++;
            }
        }

        return n;
    }

    public SlotSnapshot ToSnapshot() => new(Revision, [.. _entries.Entries()]);

    public static SlotState FromSnapshot(SlotSnapshot snapshot, KeyspaceMemory? memory = null)
    {
        var state = new SlotState(memory);
        var nowMs = UnixNowMs();
        foreach (var entry in snapshot.Entries)
        {
            state.Put(entry, nowMs);
        }

        state.Revision = snapshot.Revision;
        return state;
    }

    private static long UnixNowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static KvEntry? Live(KvEntry? stored, long nowMs) => stored is not null && !stored.IsExpiredAt(nowMs) ? stored : null;

    private bool RemoveKey(string key)
    {
        if (_entries.Remove(key) is not { } removed)
        {
            return false;
        }

        Account(null, removed);
        return true;
    }

    /// <summary>Counts a stored entry in and a removed one out (either may be null).</summary>
    private void Account(KvEntry? added, KvEntry? removed)
    {
        var bytes = (added is null ? 0 : EntrySize.Of(added)) - (removed is null ? 0 : EntrySize.Of(removed));
        _bytes += bytes;
        _memory.Add(bytes, (added is null ? 0 : 1) - (removed is null ? 0 : 1));
        Volatile.Write(ref _utf8Bytes, _utf8Bytes + Utf8BytesOf(added) - Utf8BytesOf(removed));
    }

    private static long Utf8BytesOf(KvEntry? entry) => entry is null ? 0 : entry.KeyUtf8.Length + entry.ValueByteCount;
}
