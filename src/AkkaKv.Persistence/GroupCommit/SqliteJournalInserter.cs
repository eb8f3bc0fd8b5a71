using System.Text;
using AkkaKv.Persistence.Sql;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// The SQLite group-commit writer. The journal is append-only: each event gets the next `ordering` (the rowid,
/// i.e. the table's B-tree key), so a batch only touches the last few pages of the table. There is no
/// (persistence_id, sequence_nr) index, whose leaf pages a batch of rows from ~128 actors would hit ~128 of
/// (one 4 KiB WAL frame each). Instead each row links to the previous event of its persistence id
/// (prev_ordering) and the small metadata table (one row per persistence id) holds the head of that chain and
/// the highest sequence number; replay and delete walk the chain backwards.
/// The metadata rows are written back lazily, at most every <see cref="HeadsWriteBackInterval"/> (and before
/// maintenance, on opening and on closing): rewritten with every batch, a batch that touched most slots rewrote most of
/// the table, ~7 of its pages. Until then the newer heads are in the journal itself, past the point the heads table
/// records (<see cref="SqliteDialect.HeadsTable"/>), where readers and a reopened writer look for them.
/// Statements are SQLite prepared statements bound by index through SQLitePCL directly: Microsoft.Data.Sqlite
/// would look every parameter up by name and box every number on every execution.
/// </summary>
internal sealed class SqliteJournalInserter : IJournalInserter
{
    private const int MaxCachedPersistenceIds = 100_000;
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _dataVersion;
    private readonly sqlite3_stmt _maxOrdering;
    private readonly sqlite3_stmt _loadPid;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _upsertMetadata;
    private readonly sqlite3_stmt _headsThrough;
    private readonly TimeSpan _headsWriteBackInterval;

    // Head of each persistence id's chain as committed. Valid only while no other connection has written
    // (PRAGMA data_version unchanged): then this connection is the only writer and the cache is exact.
    private readonly Dictionary<string, PidState> _pids = new(StringComparer.Ordinal);
    private readonly List<(string Pid, PidState Old)> _undo = [];
    private readonly HashSet<string> _dirty = new(StringComparer.Ordinal); // heads newer than their metadata rows
    private long _headsWrittenBackAt = Environment.TickCount64;
    private long[] _orderings = new long[16];
    private long[] _prevs = new long[16];
    private long _cachedDataVersion = long.MinValue;
    private long _nextOrdering;
    private byte[] _utf8 = new byte[256];

    private struct PidState
    {
        public long LastSeq;
        public long LastOrdering; // 0 = no event stored
    }

    /// <summary>How long the heads of newly written events may wait before they are written back to the metadata rows.</summary>
    public static readonly TimeSpan HeadsWriteBackInterval = TimeSpan.FromMilliseconds(100);

    /// <param name="headsWriteBackInterval">Default <see cref="HeadsWriteBackInterval"/>; tests hold heads back longer.</param>
    public SqliteJournalInserter(SqliteConnection connection, TimeSpan? headsWriteBackInterval = null)
    {
        _connection = connection;
        _headsWriteBackInterval = headsWriteBackInterval ?? HeadsWriteBackInterval;
        _db = connection.Handle ?? throw new InvalidOperationException("SQLite connection is not open.");
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _dataVersion = Prepare("PRAGMA data_version");
        _maxOrdering = Prepare(
            $"SELECT MAX(COALESCE((SELECT MAX(ordering) FROM {SqlDialect.JournalTable}), 0), " +
            $"COALESCE((SELECT MAX(last_ordering) FROM {SqlDialect.MetadataTable}), 0))");
        // The metadata row, or newer, the newest event past the metadata's point. @pid is its only parameter: index 1.
        _loadPid = Prepare(
            $"SELECT MAX(COALESCE((SELECT sequence_nr FROM {SqlDialect.MetadataTable} WHERE persistence_id = @pid), 0), COALESCE(t.sequence_nr, 0)), " +
            $"MAX(COALESCE((SELECT last_ordering FROM {SqlDialect.MetadataTable} WHERE persistence_id = @pid), 0), COALESCE(t.ordering, 0)) " +
            $"FROM ({SqliteDialect.TailHead}) t");
        _insert = Prepare(
            $"INSERT INTO {SqlDialect.JournalTable} (ordering, persistence_id, sequence_nr, prev_ordering, created, manifest, writer_uuid, serializer_id, serializer_manifest, payload) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        _upsertMetadata = Prepare(
            $"INSERT INTO {SqlDialect.MetadataTable} (persistence_id, sequence_nr, last_ordering) VALUES (?1, ?2, ?3) " +
            "ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = excluded.sequence_nr, last_ordering = excluded.last_ordering");
        _headsThrough = Prepare($"UPDATE {SqliteDialect.HeadsTable} SET through = ?1");

        // A writer before this one may have stopped (or crashed) with heads not written back: start from exact metadata.
        Check(raw.sqlite3_exec(_db, $"BEGIN IMMEDIATE; {SqliteDialect.CatchUpHeadsSql} COMMIT;"));
    }

    public System.Data.Common.DbConnection Connection => _connection;

    public void Insert(List<WriteRequest> batch)
    {
        Transact(() =>
        {
            foreach (var request in batch)
            {
                Append(request);
            }

            return Environment.TickCount64 - _headsWrittenBackAt >= _headsWriteBackInterval.TotalMilliseconds && WriteBackHeadsInTransaction();
        });
    }

    /// <summary>Writes every held-back head to the metadata rows, in a transaction of its own.</summary>
    public void WriteBackHeads()
    {
        if (_dirty.Count > 0)
        {
            Transact(WriteBackHeadsInTransaction);
        }
    }

    // One transaction around work that returns whether it wrote the held-back heads back (they are then no longer
    // held back, once it has committed).
    private void Transact(Func<bool> work)
    {
        Step(_begin);
        try
        {
            var version = QueryLong(_dataVersion);
            if (version != _cachedDataVersion || _pids.Count > MaxCachedPersistenceIds)
            {
                // Another connection committed (another writer on the same file; snapshots and deletes use this one):
                // fold its heads into the metadata rows (moving the metadata's point past its events must not hide
                // them), and reload lazily. Heads held back here stay marked; they are found past the point meanwhile.
                Check(raw.sqlite3_exec(_db, SqliteDialect.CatchUpHeadsSql));
                _pids.Clear();
                _nextOrdering = QueryLong(_maxOrdering) + 1;
                _cachedDataVersion = version;
            }

            var wroteBack = work();
            Step(_commit);
            if (wroteBack)
            {
                _dirty.Clear();
                _headsWrittenBackAt = Environment.TickCount64;
            }
        }
        catch
        {
            // The cache already holds this batch's heads; forget it together with the rolled-back rows.
            _pids.Clear();
            _cachedDataVersion = long.MinValue;
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                raw.sqlite3_reset(_rollback);
                raw.sqlite3_step(_rollback);
                raw.sqlite3_reset(_rollback);
            }

            throw;
        }
    }

    private bool WriteBackHeadsInTransaction()
    {
        foreach (var pid in _dirty)
        {
            var state = GetState(pid);
            BindText(_upsertMetadata, 1, pid);
            Check(raw.sqlite3_bind_int64(_upsertMetadata, 2, state.LastSeq));
            Check(raw.sqlite3_bind_int64(_upsertMetadata, 3, state.LastOrdering));
            Step(_upsertMetadata);
        }

        // Every event so far is now in the metadata rows.
        Check(raw.sqlite3_bind_int64(_headsThrough, 1, _nextOrdering - 1));
        Step(_headsThrough);
        return true;
    }

    /// <summary>Checks and inserts one request (one WriteMessages) all-or-nothing within the batch.</summary>
    private void Append(WriteRequest request)
    {
        var rows = request.Rows;
        if (_orderings.Length < rows.Count)
        {
            _orderings = new long[rows.Count * 2];
            _prevs = new long[rows.Count * 2];
        }

        _undo.Clear();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var state = GetState(row.PersistenceId);
            if (row.SequenceNr <= state.LastSeq)
            {
                // Same guarantee the (persistence_id, sequence_nr) primary key gave: no duplicate or backwards sequence
                // numbers. Only this request fails; undo what it changed in the cache so later requests see the truth.
                for (var u = _undo.Count - 1; u >= 0; u--)
                {
                    _pids[_undo[u].Pid] = _undo[u].Old;
                }

                request.Rejection = new InvalidOperationException(
                    $"Sequence number {row.SequenceNr} of persistence id '{row.PersistenceId}' is not above the stored highest {state.LastSeq}.");
                return;
            }

            _undo.Add((row.PersistenceId, state));
            _orderings[i] = _nextOrdering + i;
            _prevs[i] = state.LastOrdering;
            _pids[row.PersistenceId] = new PidState { LastSeq = row.SequenceNr, LastOrdering = _nextOrdering + i };
        }

        foreach (var (pid, _) in _undo)
        {
            _dirty.Add(pid);
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var s = _insert;
            Check(raw.sqlite3_bind_int64(s, 1, _orderings[i]));
            BindText(s, 2, row.PersistenceId);
            Check(raw.sqlite3_bind_int64(s, 3, row.SequenceNr));
            Check(_prevs[i] == 0 ? raw.sqlite3_bind_null(s, 4) : raw.sqlite3_bind_int64(s, 4, _prevs[i]));
            Check(raw.sqlite3_bind_int64(s, 5, row.Timestamp));
            BindText(s, 6, row.Manifest);
            BindText(s, 7, row.WriterUuid);
            Check(raw.sqlite3_bind_int64(s, 8, row.Payload.SerializerId));
            BindText(s, 9, row.Payload.Manifest);
            Check(raw.sqlite3_bind_blob(s, 10, row.Payload.Bytes));
            Step(s);
        }

        // Do not keep payloads referenced from the statement (SQLite copied them: SQLITE_TRANSIENT).
        raw.sqlite3_clear_bindings(_insert);
        _nextOrdering += rows.Count;
    }

    private PidState GetState(string pid)
    {
        if (_pids.TryGetValue(pid, out var state))
        {
            return state;
        }

        BindText(_loadPid, 1, pid);
        state = default;
        try
        {
            var rc = raw.sqlite3_step(_loadPid);
            if (rc != raw.SQLITE_ROW)
            {
                throw Error(rc);
            }

            state.LastSeq = raw.sqlite3_column_int64(_loadPid, 0);
            state.LastOrdering = raw.sqlite3_column_int64(_loadPid, 1);
        }
        finally
        {
            raw.sqlite3_reset(_loadPid);
        }

        _pids[pid] = state;
        return state;
    }

    private void BindText(sqlite3_stmt statement, int index, string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (_utf8.Length < max)
        {
            _utf8 = new byte[Math.Max(max, _utf8.Length * 2)];
        }

        var length = Encoding.UTF8.GetBytes(value, _utf8);
        Check(raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length)));
    }

    private long QueryLong(sqlite3_stmt statement)
    {
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_ROW)
            {
                throw Error(rc);
            }

            return raw.sqlite3_column_int64(statement, 0);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
        {
            throw Error(rc);
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) => new(raw.sqlite3_errmsg(_db).utf8_to_string(), rc, raw.sqlite3_extended_errcode(_db));

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }

        return statement;
    }

    /// <summary>Writes the held-back heads back (when the connection still works: otherwise the next writer to open the
    /// file finds them in the journal), then closes.</summary>
    public void Dispose()
    {
        try
        {
            WriteBackHeads();
        }
        catch (SqliteException)
        {
            // Caught up on the next open (the constructor).
        }

        foreach (var statement in new[] { _begin, _commit, _rollback, _dataVersion, _maxOrdering, _loadPid, _insert, _upsertMetadata, _headsThrough })
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }
}
