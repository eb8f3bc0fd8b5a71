using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// Where every live event of a SQLite block journal is, in memory: for each persistence id its highest sequence number,
/// how far it is deleted, and its live events in sequence order (block, offset, length); for each block how many events
/// it holds and how many of them are live. Built from the file when the journal starts (one pass over the blocks) and
/// kept by the writer thread from then on; replays read it under its lock. One per database file in the process: the
/// file must not be written by another process while a journal has it open.
/// </summary>
internal sealed class JournalIndex
{
    private static readonly ConcurrentDictionary<string, JournalIndex> ByDatabase = new(StringComparer.Ordinal);

    private readonly object _lock = new();
    private readonly Dictionary<string, PidEvents> _pids = new(StringComparer.Ordinal);
    private readonly Dictionary<long, BlockState> _blocks = []; // by id; a delete looks up a block per event
    private long _storedEvents;
    private long _liveEvents;
    private long _lastBlock;
    private volatile bool _stale = true; // set on the writer's thread, read on the readers'

    /// <summary>Set when the index may not match the file (not loaded yet, a failed transaction, another writer): it is
    /// loaded again before the writer's next transaction or the next read.</summary>
    public bool Stale
    {
        get => _stale;
        set => _stale = value;
    }

    /// <summary>A new index of the database at <paramref name="connectionString"/>, loaded from <paramref name="connection"/>,
    /// in place of any earlier one (a journal starting on the file).</summary>
    public static JournalIndex Open(string connectionString, SqliteConnection connection)
    {
        var index = new JournalIndex();
        index.Load(connection);
        ByDatabase[connectionString] = index;
        return index;
    }

    /// <summary>The index of the database at <paramref name="connectionString"/>, created (empty, stale) on first use.</summary>
    public static JournalIndex For(string connectionString) => ByDatabase.GetOrAdd(connectionString, _ => new JournalIndex());

    /// <summary>Drops the index of a database whose journal has stopped (it is loaded again when one starts), unless a
    /// journal started since has put another in its place.</summary>
    public static void Forget(string connectionString, JournalIndex index) =>
        ByDatabase.TryRemove(new KeyValuePair<string, JournalIndex>(connectionString, index));

    /// <summary>Loads the index, on a connection from <paramref name="open"/>, when it is stale: for readers, which may
    /// find it so after a journal restarted or a write failed.</summary>
    public JournalIndex Loaded(Func<SqliteConnection> open)
    {
        if (Stale)
        {
            using var connection = open();
            lock (_lock)
            {
                if (Stale)
                {
                    Load(connection);
                }
            }
        }

        return this;
    }

    public long NextBlockId
    {
        get
        {
            lock (_lock)
            {
                return _lastBlock + 1;
            }
        }
    }

    /// <summary>Events stored in blocks, live or not, and of them the live ones.</summary>
    public (long Stored, long Live) Counts
    {
        get
        {
            lock (_lock)
            {
                return (_storedEvents, _liveEvents);
            }
        }
    }

    /// <summary>Rebuilds the index from the file: the metadata rows (highest and deleted-to numbers), then every block.
    /// Block numbers only grow, also past a reload: a reader may still hold where an event was before it.</summary>
    public void Load(SqliteConnection connection)
    {
        lock (_lock)
        {
            _pids.Clear();
            _blocks.Clear();
            _storedEvents = _liveEvents = 0;
            using (var metadata = connection.CreateCommand())
            {
                metadata.CommandText = $"SELECT persistence_id, sequence_nr, deleted_to FROM {BlockSchema.MetadataTable}";
                using var reader = metadata.ExecuteReader();
                while (reader.Read())
                {
                    _pids[reader.GetString(0)] = new PidEvents { Highest = reader.GetInt64(1), DeletedTo = reader.GetInt64(2) };
                }
            }

            using var blocks = connection.CreateCommand();
            blocks.CommandText = $"SELECT id, data FROM {BlockSchema.BlocksTable} ORDER BY id";
            using var rows = blocks.ExecuteReader();
            while (rows.Read())
            {
                var id = rows.GetInt64(0);
                var state = new BlockState();
                foreach (var (pid, seq, offset, length) in BlockFormat.Records((byte[])rows.GetValue(1)))
                {
                    state.Events++;
                    var events = Pid(pid);
                    events.Highest = Math.Max(events.Highest, seq);
                    if (seq > events.DeletedTo)
                    {
                        // A block written by copying live events forward holds older events than the blocks before it.
                        events.Insert(new EventLocation(seq, id, offset, length));
                        state.Live++;
                    }
                }

                _blocks[id] = state;
                _storedEvents += state.Events;
                _liveEvents += state.Live;
                _lastBlock = Math.Max(_lastBlock, id);
            }

            Stale = false;
        }
    }

    public long HighestSequenceNr(string pid)
    {
        lock (_lock)
        {
            return _pids.TryGetValue(pid, out var events) ? events.Highest : 0;
        }
    }

    /// <summary>The live events of <paramref name="pid"/> from <paramref name="from"/> to <paramref name="to"/>, at most
    /// <paramref name="max"/>, in order. <paramref name="readFromHere"/> runs under the same lock, to begin the read
    /// transaction that will read them: a commit that moves events is published under this lock too
    /// (<see cref="CommitMoves"/>), so the reader's view of the file and of the index are of the same moment.</summary>
    public List<EventLocation> Locate(string pid, long from, long to, long max, Action? readFromHere = null)
    {
        lock (_lock)
        {
            readFromHere?.Invoke();
            var found = new List<EventLocation>();
            if (!_pids.TryGetValue(pid, out var events))
            {
                return found;
            }

            for (var i = events.IndexOf(from); i < events.Live.Count && found.Count < max && events.Live[i].SequenceNr <= to; i++)
            {
                found.Add(events.Live[i]);
            }

            return found;
        }
    }

    /// <summary>Commits a transaction that removes blocks (its events moved or deleted) and applies it to the index as one
    /// step for readers (see <see cref="Locate"/>): otherwise a reader could look events up in a block, then begin
    /// reading after the commit removed it, and find it gone for as long as the writer took to get to the index (a
    /// preempted thread: many retries). Writer thread only.</summary>
    public void CommitMoves(Action commit, Action apply)
    {
        lock (_lock)
        {
            commit();
            apply();
        }
    }

    /// <summary>After the commit of block <paramref name="block"/>: its events are live. Writer thread only.</summary>
    public void Added(long block, List<EventLocation> events, List<string> pids)
    {
        lock (_lock)
        {
            if (_blocks.ContainsKey(block))
            {
                return;
            }

            for (var i = 0; i < events.Count; i++)
            {
                var pid = Pid(pids[i]);
                pid.Highest = Math.Max(pid.Highest, events[i].SequenceNr);
                pid.Insert(events[i]);
            }

            _blocks[block] = new BlockState { Events = events.Count, Live = events.Count };
            _storedEvents += events.Count;
            _liveEvents += events.Count;
            _lastBlock = Math.Max(_lastBlock, block);
        }
    }

    /// <summary>Hides <paramref name="pid"/>'s events up to <paramref name="to"/> (capped at its highest); returns the
    /// numbers to store in its metadata row. Writer thread only, in the transaction that stores them.</summary>
    public (long Highest, long DeletedTo) DeleteTo(string pid, long to)
    {
        lock (_lock)
        {
            var events = Pid(pid);
            events.DeletedTo = Math.Max(events.DeletedTo, Math.Min(to, events.Highest));
            var gone = events.IndexOf(events.DeletedTo + 1);
            for (var i = 0; i < gone; i++)
            {
                _blocks[events.Live[i].Block].Live--;
            }

            events.Live.RemoveRange(0, gone);
            _liveEvents -= gone;
            return (events.Highest, events.DeletedTo);
        }
    }

    /// <summary>The blocks none of whose events is live any more.</summary>
    public List<long> DeadBlocks()
    {
        lock (_lock)
        {
            return [.. _blocks.Where(b => b.Value.Live == 0).Select(b => b.Key)];
        }
    }

    /// <summary>The oldest blocks that still hold live events, up to about <paramref name="events"/> events in all.</summary>
    public List<long> OldestLiveBlocks(long events)
    {
        lock (_lock)
        {
            var found = new List<long>();
            var total = 0L;
            foreach (var id in _blocks.Where(b => b.Value.Live > 0 && b.Key != _lastBlock).Select(b => b.Key).Order())
            {
                if (total >= events)
                {
                    break;
                }

                found.Add(id);
                total += _blocks[id].Events;
            }

            return found;
        }
    }

    /// <summary>Whether <paramref name="pid"/>'s event <paramref name="seq"/> is live and stored in <paramref name="block"/>.</summary>
    public bool IsLiveIn(string pid, long seq, long block)
    {
        lock (_lock)
        {
            if (!_pids.TryGetValue(pid, out var events))
            {
                return false;
            }

            var i = events.IndexOf(seq);
            return i < events.Live.Count && events.Live[i].SequenceNr == seq && events.Live[i].Block == block;
        }
    }

    /// <summary>After the commit that removed <paramref name="removed"/> and wrote their live events into
    /// <paramref name="block"/> (at <paramref name="moved"/>): points those events there. Writer thread only.</summary>
    public void Rewritten(IEnumerable<long> removed, long block, List<EventLocation> moved, List<string> pids)
    {
        lock (_lock)
        {
            foreach (var id in removed)
            {
                if (_blocks.Remove(id, out var state))
                {
                    _storedEvents -= state.Events;
                    _liveEvents -= state.Live;
                }
            }

            if (moved.Count == 0)
            {
                return;
            }

            for (var i = 0; i < moved.Count; i++)
            {
                var events = Pid(pids[i]);
                var at = events.IndexOf(moved[i].SequenceNr);
                if (at < events.Live.Count && events.Live[at].SequenceNr == moved[i].SequenceNr)
                {
                    events.Live[at] = moved[i];
                }
            }

            _blocks[block] = new BlockState { Events = moved.Count, Live = moved.Count };
            _storedEvents += moved.Count;
            _liveEvents += moved.Count;
            _lastBlock = Math.Max(_lastBlock, block);
        }
    }

    private PidEvents Pid(string pid)
    {
        if (!_pids.TryGetValue(pid, out var events))
        {
            _pids[pid] = events = new PidEvents();
        }

        return events;
    }

    private sealed class PidEvents
    {
        public long Highest;
        public long DeletedTo;
        public readonly List<EventLocation> Live = [];

        /// <summary>The position of the first live event numbered <paramref name="seq"/> or above.</summary>
        public int IndexOf(long seq)
        {
            int lo = 0, hi = Live.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (Live[mid].SequenceNr < seq)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }

        /// <summary>Adds an event, in sequence order (appends in the usual case: a new event is numbered above the rest).</summary>
        public void Insert(EventLocation location)
        {
            if (Live.Count == 0 || Live[^1].SequenceNr < location.SequenceNr)
            {
                Live.Add(location);
                return;
            }

            var at = IndexOf(location.SequenceNr);
            if (at < Live.Count && Live[at].SequenceNr == location.SequenceNr)
            {
                Live[at] = location;
            }
            else
            {
                Live.Insert(at, location);
            }
        }
    }

    private sealed class BlockState
    {
        public int Events;
        public int Live;
    }
}

/// <summary>Where one event is: its block, and its record's offset and length in the block.</summary>
internal readonly record struct EventLocation(long SequenceNr, long Block, int Offset, int Length);
