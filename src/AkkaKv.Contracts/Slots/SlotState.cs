using System.Collections.Concurrent;

namespace AkkaKv.Slots;

/// <summary>The committed contents of one slot. Pure logic: events in, state out; time is always passed in.
/// Changed only by <see cref="Apply"/> (and by <see cref="Put"/> where nothing is journaled), so what readers see is
/// exactly what the journal holds. One thread writes (the
/// slot's actor); <see cref="Find"/> and <see cref="Revision"/> may be read from any thread, so that reads of a local
/// slot need no actor hop. Everything else belongs to the writer.</summary>
public sealed class SlotState
{
    private readonly ConcurrentDictionary<string, KvEntry> _entries = new(StringComparer.Ordinal);

    // Min-heap of (key, expiry) with lazy deletion: an item is stale when the key's current expiry differs.
    private readonly PriorityQueue<string, long> _expiries = new();

    private long _revision;

    public long Revision
    {
        get => Volatile.Read(ref _revision);
        private set => Volatile.Write(ref _revision, value);
    }

    public int Count => _entries.Count;

    /// <summary>Whether any key may still be waiting to expire (stale heap items count until they are dropped).</summary>
    public bool HasPendingExpiries => _expiries.Count > 0;

    /// <summary>The live entry for a key, or null when absent or past its expiry.</summary>
    public KvEntry? Find(string key, long nowMs) =>
        _entries.TryGetValue(key, out var entry) && !entry.IsExpiredAt(nowMs) ? entry : null;

    /// <summary>The stored entry whether expired or not (expiry decisions need it).</summary>
    public KvEntry? FindStored(string key) => _entries.GetValueOrDefault(key);

    public void Apply(ISlotEvent change)
    {
        switch (change)
        {
            case ValueSet set:
                Put(new KvEntry(set.Key, set.Value, set.Version, set.Revision, set.ExpiresAtMs));
                return;
            case KeyDeleted deleted:
                _entries.TryRemove(deleted.Key, out _);
                break;
            case KeyExpired expired:
                _entries.TryRemove(expired.Key, out _);
                break;
            case SlotCleared:
                _entries.Clear();
                _expiries.Clear();
                break;
            default:
                throw new ArgumentException($"unknown slot event {change.GetType().Name}", nameof(change));
        }

        Revision = change.Revision;
    }

    /// <summary>Stores an entry as the slot's latest change (its ModRevision becomes the slot's revision). What
    /// <see cref="Apply"/> does for a <see cref="ValueSet"/>; called directly only where there is no event to keep (a
    /// cache-mode slot's plain SET, which journals nothing).</summary>
    public void Put(KvEntry entry)
    {
        _entries[entry.Key] = entry;
        if (entry.ExpiresAtMs is { } at)
        {
            _expiries.Enqueue(entry.Key, at);
        }

        Revision = entry.ModRevision;
    }

    /// <summary>Keys whose expiry has passed, oldest first, at most <paramref name="max"/>.</summary>
    public IReadOnlyList<string> DueForExpiry(long nowMs, int max)
    {
        var due = new List<string>();
        while (due.Count < max && _expiries.TryPeek(out var key, out var at) && at <= nowMs)
        {
            _expiries.Dequeue();
            // Stale heap items (key rewritten, deleted, or its TTL changed) are dropped here.
            if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAtMs == at)
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
        foreach (var entry in _entries.Values)
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
        foreach (var entry in _entries.Values)
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
        foreach (var entry in _entries.Values)
        {
            if (!entry.IsExpiredAt(nowMs) && match(entry.Key))
            {
                into.Add(entry.Key);
            }
        }
    }

    /// <summary>UTF-8 bytes of the stored keys and values (expired ones not yet removed included). O(keys): for
    /// periodic reports, never the write path. Enumerates without locking, so writers are not held up.</summary>
    public long CountBytes()
    {
        long bytes = 0;
        foreach (var (key, entry) in _entries)
        {
            bytes += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(entry.Value);
        }

        return bytes;
    }

    /// <summary>How many stored entries carry a TTL (INFO keyspace's expires=); counts entries not yet removed.</summary>
    public int CountWithExpiry()
    {
        var n = 0;
        foreach (var entry in _entries.Values)
        {
            if (entry.ExpiresAtMs is not null)
            {
                n++;
            }
        }

        return n;
    }

    public SlotSnapshot ToSnapshot() => new(Revision, [.. _entries.Values]);

    public static SlotState FromSnapshot(SlotSnapshot snapshot)
    {
        var state = new SlotState { Revision = snapshot.Revision };
        foreach (var entry in snapshot.Entries)
        {
            state._entries[entry.Key] = entry;
            if (entry.ExpiresAtMs is { } at)
            {
                state._expiries.Enqueue(entry.Key, at);
            }
        }

        return state;
    }
}
