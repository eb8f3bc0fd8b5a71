namespace AkkaKv.Slots;

/// <summary>A slot's entries in one open-addressing hash table (linear probing) of references to the entries
/// themselves: no dictionary node per key (48 bytes in a ConcurrentDictionary), and the array doubles as the sampling
/// space of eviction (a random index is a random key). One writer (the slot's), readers on any thread without locks:
/// <list type="bullet">
/// <item>a write publishes one reference (insert, replace) or a tombstone (remove) with a volatile write, so a reader
/// probing the same array sees the entry before or after the change, never a torn state;</item>
/// <item>growing, shrinking, purging tombstones and clearing build a new array and publish it whole; the writer never
/// touches an array again once it is replaced, so a reader still probing the old one sees a consistent, older state.</item>
/// </list>
/// Load (live + tombstones) stays at most 3/4, so every probe sequence meets an empty cell and ends.</summary>
public sealed class EntryTable
{
    private const int InitialCapacity = 8;

    // Marks a removed entry: probing continues past it (linear probing needs that), inserts may reuse it.
    private static readonly KvEntry Removed = new("\0removed", string.Empty, 0, 0, null);

    private KvEntry?[] _cells = new KvEntry?[InitialCapacity];
    private int _count;
    private int _removed;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Cells in the table (the bytes it costs are 8 per cell).</summary>
    public int Capacity => Volatile.Read(ref _cells).Length;

    /// <summary>The entry stored under <paramref name="key"/>, or null. Any thread.</summary>
    public KvEntry? Find(string key)
    {
        using var utf8 = new Utf8Key(key, stackalloc byte[128]);
        return Find(utf8.Bytes);
    }

    /// <summary>As <see cref="Find(string)"/>, for a key already in UTF-8. Any thread.</summary>
    public KvEntry? Find(ReadOnlySpan<byte> key)
    {
        var cells = Volatile.Read(ref _cells);
        var mask = cells.Length - 1;
        var hash = HashOf(key);
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = Volatile.Read(ref cells[i]);
            if (entry is null)
            {
                return null;
            }

            if (entry.Hash == hash && !ReferenceEquals(entry, Removed) && entry.KeyUtf8.SequenceEqual(key))
            {
                return entry;
            }
        }
    }

    /// <summary>Stores the entry, replacing the one with the same key; returns the replaced one, or null. Writer only.</summary>
    public KvEntry? Set(KvEntry entry)
    {
        entry.Hash = HashOf(entry.KeyUtf8);
        if (_count + _removed + 1 > _cells.Length * 3 / 4)
        {
            Rebuild(_count + 1 > _cells.Length / 2 ? _cells.Length * 2 : _cells.Length);
        }

        var cells = _cells;
        var mask = cells.Length - 1;
        var reuse = -1;
        for (var i = entry.Hash & mask; ; i = (i + 1) & mask)
        {
            var stored = cells[i];
            if (stored is null)
            {
                if (reuse >= 0)
                {
                    _removed--;
                    i = reuse;
                }

                Volatile.Write(ref cells[i], entry);
                Volatile.Write(ref _count, _count + 1);
                return null;
            }

            if (ReferenceEquals(stored, Removed))
            {
                reuse = reuse < 0 ? i : reuse;
            }
            else if (stored.Hash == entry.Hash && stored.KeyUtf8.SequenceEqual(entry.KeyUtf8))
            {
                Volatile.Write(ref cells[i], entry);
                return stored;
            }
        }
    }

    /// <summary>Removes the key; returns the removed entry, or null when absent. Writer only.</summary>
    public KvEntry? Remove(string key)
    {
        using var utf8 = new Utf8Key(key, stackalloc byte[128]);
        return Remove(utf8.Bytes);
    }

    private KvEntry? Remove(ReadOnlySpan<byte> key)
    {
        var cells = _cells;
        var mask = cells.Length - 1;
        var hash = HashOf(key);
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var stored = cells[i];
            if (stored is null)
            {
                return null;
            }

            if (stored.Hash == hash && !ReferenceEquals(stored, Removed) && stored.KeyUtf8.SequenceEqual(key))
            {
                RemoveAt(cells, i);
                return stored;
            }
        }
    }

    /// <summary>Removes this very entry (an eviction's pick), if it is still the one stored; false otherwise. Writer
    /// only. Probes by the entry's stored hash and compares references: it reads neither the key's characters nor a
    /// hash of them, cache misses that were a good part of an eviction.</summary>
    public bool RemoveEntry(KvEntry entry)
    {
        var cells = _cells;
        var mask = cells.Length - 1;
        for (var i = entry.Hash & mask; ; i = (i + 1) & mask)
        {
            var stored = cells[i];
            if (stored is null)
            {
                return false;
            }

            if (ReferenceEquals(stored, entry))
            {
                RemoveAt(cells, i);
                return true;
            }
        }
    }

    private void RemoveAt(KvEntry?[] cells, int i)
    {
        Volatile.Write(ref cells[i], Removed);
        Volatile.Write(ref _count, _count - 1);
        _removed++;
        // A table emptied by evictions or deletes gives its memory back.
        if (cells.Length > InitialCapacity && _count < cells.Length / 8)
        {
            Rebuild(cells.Length / 2);
        }
    }

    /// <summary>Removes everything. Writer only.</summary>
    public void Clear()
    {
        Volatile.Write(ref _cells, new KvEntry?[InitialCapacity]);
        Volatile.Write(ref _count, 0);
        _removed = 0;
    }

    /// <summary>Fills <paramref name="into"/> with stored entries from consecutive cells after a random one (wrapping),
    /// and returns how many it found: fewer than asked only when the table holds fewer. Any thread. Like Redis's
    /// dictGetSomeKeys for eviction: a hash table's neighbouring cells hold unrelated keys, so a run is as good a sample as
    /// as many random picks, and it costs one or two cache lines of cells instead of one per pick. The table keeps a load
    /// of at least 1/8 (it shrinks below that), so a run visits about 8 cells per entry at worst.</summary>
    public int SampleRun(Random random, Span<KvEntry?> into)
    {
        var cells = Volatile.Read(ref _cells);
        var mask = cells.Length - 1;
        var found = 0;
        var start = random.Next(cells.Length);
        for (var n = 0; n < cells.Length && found < into.Length; n++)
        {
            if (Live(Volatile.Read(ref cells[(start + n) & mask])) is { } entry)
            {
                into[found++] = entry;
            }
        }

        return found;
    }

    /// <summary>The stored entries, in table order; from any thread (a snapshot of one array: entries changed during the
    /// enumeration may be seen before or after the change).</summary>
    public IEnumerable<KvEntry> Entries()
    {
        var cells = Volatile.Read(ref _cells);
        for (var i = 0; i < cells.Length; i++)
        {
            if (Live(Volatile.Read(ref cells[i])) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static KvEntry? Live(KvEntry? cell) => cell is null || ReferenceEquals(cell, Removed) ? null : cell;

    // Bit-mixed so that keys with similar hashes spread over the low bits the mask keeps.
    // HashCode is seeded per process, as string hashes are: keys chosen to collide cannot be precomputed.
    private static int HashOf(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return (int)((uint)hash.ToHashCode() * 0x9E3779B1u >> 1);
    }

    private void Rebuild(int capacity)
    {
        capacity = Math.Max(InitialCapacity, capacity);
        var cells = new KvEntry?[capacity];
        var mask = capacity - 1;
        foreach (var entry in _cells)
        {
            if (Live(entry) is not { } live)
            {
                continue;
            }

            var i = live.Hash & mask;
            while (cells[i] is not null)
            {
                i = (i + 1) & mask;
            }

            cells[i] = live;
        }

        _removed = 0;
        Volatile.Write(ref _cells, cells);
    }
}
