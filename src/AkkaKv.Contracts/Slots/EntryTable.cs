using System.Runtime.CompilerServices;

namespace AkkaKv.Slots;

/// <summary>A slot's entries in one open-addressing hash table (linear probing): no dictionary node per key (48 bytes in
/// a ConcurrentDictionary), and the array doubles as the sampling space of eviction (a random index is a random key).
/// Each cell holds the entry's reference, its key's hash and its access stamp (<see cref="Memory.AccessTracking"/>), so
/// probing past other keys and sampling for eviction read no entry: only a match is followed to its entry.
/// One writer (the slot's), readers on any thread without locks:
/// <list type="bullet">
/// <item>a write fills a cell's hash and stamp, then publishes its reference with a volatile write (insert, replace), or
/// a tombstone (remove); readers read the reference first, so a reader that sees an entry sees its hash. A cell is
/// reused only after its entry was removed, and a reader always compares the key of the entry it read, so a reader
/// racing a reuse at worst misses a key removed or added meanwhile, never returns another key's entry;</item>
/// <item>growing, shrinking, purging tombstones and clearing build a new array and publish it whole; the writer never
/// touches an array again once it is replaced, so a reader still probing the old one sees a consistent, older state;</item>
/// <item>readers rewrite stamps without a lock: a lost update (two readers, or a reader on a replaced array) costs one
/// approximate access time or count, as Redis's unlocked <c>lru</c> updates do.</item>
/// </list>
/// Load (live + tombstones) stays at most 3/4, so every probe sequence meets an empty cell and ends.</summary>
public sealed class EntryTable
{
    private const int InitialCapacity = 8;

    // Marks a removed entry: probing continues past it (linear probing needs that), inserts may reuse it.
    private static readonly KvEntry Removed = new("\0removed", string.Empty, 0, 0, null);

    private Cell[] _cells = new Cell[InitialCapacity];
    private int _count;
    private int _removed;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Cells in the table (16 bytes each: the entry's reference, the key's hash and the access stamp).</summary>
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
        Find(key, out var entry);
        return entry;
    }

    /// <summary>The entry stored under <paramref name="key"/> (null when absent) and, to mark a read, its access stamp:
    /// a null reference when absent (<see cref="Unsafe.IsNullRef"/>). Any thread.</summary>
    public ref uint Find(ReadOnlySpan<byte> key, out KvEntry? entry)
    {
        var cells = Volatile.Read(ref _cells);
        var i = IndexOf(cells, key, out entry);
        return ref i < 0 ? ref Unsafe.NullRef<uint>() : ref cells[i].Stamp;
    }

    // The cell holding the key (and its entry), or -1 when absent.
    private static int IndexOf(Cell[] cells, ReadOnlySpan<byte> key, out KvEntry? entry)
    {
        var mask = cells.Length - 1;
        var hash = HashOf(key);
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var stored = Volatile.Read(ref cells[i].Entry);
            if (stored is null)
            {
                entry = null;
                return -1;
            }

            if (cells[i].Hash == hash && !ReferenceEquals(stored, Removed) && stored.KeyUtf8.SequenceEqual(key))
            {
                entry = stored;
                return i;
            }
        }
    }

    /// <summary>Stores the entry with access stamp <paramref name="stamp"/>, replacing the one with the same key; returns
    /// the replaced one, or null. With <paramref name="keepReplacedStamp"/>, a replaced key keeps its stamp (LFU: an
    /// overwrite keeps the counter, as in Redis). Writer only.</summary>
    public KvEntry? Set(KvEntry entry, uint stamp = 0, bool keepReplacedStamp = false)
    {
        var hash = HashOf(entry.KeyUtf8);
        if (_count + _removed + 1 > _cells.Length * 3 / 4)
        {
            Rebuild(_count + 1 > _cells.Length / 2 ? _cells.Length * 2 : _cells.Length);
        }

        var cells = _cells;
        var mask = cells.Length - 1;
        var reuse = -1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            ref var cell = ref cells[i];
            var stored = cell.Entry;
            if (stored is null)
            {
                if (reuse >= 0)
                {
                    _removed--;
                    cell = ref cells[reuse];
                }

                cell.Hash = hash;
                cell.Stamp = stamp;
                Volatile.Write(ref cell.Entry, entry);
                Volatile.Write(ref _count, _count + 1);
                return null;
            }

            if (ReferenceEquals(stored, Removed))
            {
                reuse = reuse < 0 ? i : reuse;
            }
            else if (cell.Hash == hash && stored.KeyUtf8.SequenceEqual(entry.KeyUtf8))
            {
                if (!keepReplacedStamp)
                {
                    cell.Stamp = stamp;
                }

                Volatile.Write(ref cell.Entry, entry);
                return stored;
            }
        }
    }

    /// <summary>Removes the key; returns the removed entry, or null when absent. Writer only.</summary>
    public KvEntry? Remove(string key)
    {
        using var utf8 = new Utf8Key(key, stackalloc byte[128]);
        var cells = _cells;
        var i = IndexOf(cells, utf8.Bytes, out var stored);
        if (i >= 0)
        {
            RemoveAt(cells, i);
        }

        return stored;
    }

    /// <summary>Removes this very entry (an eviction's pick), if it is still the one stored; false otherwise. Writer
    /// only. Compares references, not keys.</summary>
    public bool RemoveEntry(KvEntry entry) => RemoveEntry(entry, HashOf(entry.KeyUtf8));

    /// <summary>As <see cref="RemoveEntry(KvEntry)"/>, given the key's hash from the entry's cell
    /// (<see cref="SampledEntry.Hash"/>): the probe then reads no entry, only cells.</summary>
    public bool RemoveEntry(KvEntry entry, int hash)
    {
        var cells = _cells;
        var mask = cells.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var stored = cells[i].Entry;
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

    /// <summary>The entry in the cell at <paramref name="position"/> (any int: it wraps), or null; any thread. For
    /// reading ahead: the cell where an eviction's sampling run starts, or where a key's probe starts (its hash).</summary>
    public KvEntry? EntryAt(int position)
    {
        var cells = Volatile.Read(ref _cells);
        return Live(Volatile.Read(ref cells[position & (cells.Length - 1)].Entry));
    }

    private void RemoveAt(Cell[] cells, int i)
    {
        Volatile.Write(ref cells[i].Entry, Removed);
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
        Volatile.Write(ref _cells, new Cell[InitialCapacity]);
        Volatile.Write(ref _count, 0);
        _removed = 0;
    }

    /// <summary>Fills <paramref name="into"/> with stored entries from consecutive cells after a given one (wrapping),
    /// each with its hash and access stamp; returns how many it found: fewer than asked only when the table holds
    /// fewer. Any thread. Like Redis's dictGetSomeKeys for eviction: a hash table's neighbouring
    /// cells hold unrelated keys, so a run is as good a sample as as many random picks, and it costs one or two cache
    /// lines of cells instead of one per pick. The table keeps a load of at least 1/8 (it shrinks below that), so a run
    /// visits about 8 cells per entry at worst.</summary>
    /// <param name="start">Where the run starts: any int (it wraps), random for a random sample.</param>
    public int SampleRun(int start, Span<SampledEntry> into)
    {
        var cells = Volatile.Read(ref _cells);
        var mask = cells.Length - 1;
        var found = 0;
        for (var n = 0; n < cells.Length && found < into.Length; n++)
        {
            ref var cell = ref cells[(start + n) & mask];
            if (Live(Volatile.Read(ref cell.Entry)) is { } entry)
            {
                into[found++] = new SampledEntry(entry, cell.Hash, cell.Stamp);
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
            if (Live(Volatile.Read(ref cells[i].Entry)) is { } entry)
            {
                yield return entry;
            }
        }
    }

    private static KvEntry? Live(KvEntry? cell) => cell is null || ReferenceEquals(cell, Removed) ? null : cell;

    /// <summary>The key's hash as the table's cells hold it (<see cref="EntryAt"/> takes it).</summary>
    // Bit-mixed so that keys with similar hashes spread over the low bits the mask keeps.
    // HashCode is seeded per process, as string hashes are: keys chosen to collide cannot be precomputed.
    public static int HashOf(ReadOnlySpan<byte> key)
    {
        var hash = new HashCode();
        hash.AddBytes(key);
        return (int)((uint)hash.ToHashCode() * 0x9E3779B1u >> 1);
    }

    private void Rebuild(int capacity)
    {
        capacity = Math.Max(InitialCapacity, capacity);
        var cells = new Cell[capacity];
        var mask = capacity - 1;
        foreach (var cell in _cells)
        {
            if (Live(cell.Entry) is null)
            {
                continue;
            }

            var i = cell.Hash & mask;
            while (cells[i].Entry is not null)
            {
                i = (i + 1) & mask;
            }

            cells[i] = cell;
        }

        _removed = 0;
        Volatile.Write(ref _cells, cells);
    }

    /// <summary>One cell: 16 bytes. The hash spares probes a visit to other keys' entries, the stamp spares eviction's
    /// sampling a visit to any entry.</summary>
    private struct Cell
    {
        public KvEntry? Entry;
        public int Hash;
        public uint Stamp;
    }
}
