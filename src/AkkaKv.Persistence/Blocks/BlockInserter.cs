using System.Buffers;
using AkkaKv.Persistence.GroupCommit;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// The SQLite group-commit writer: each group commit's events go into one row, a block (<see cref="BlockFormat"/>), and
/// the <see cref="JournalIndex"/> learns where they are once it has committed. A row per event cost SQLite a B-tree
/// insert per event, and removing it again, once its slot had snapshotted, a delete per event: with both, a store-mode
/// SET's journal work was most of its CPU. A block goes once all its events are deleted (<see cref="Compact"/>), and
/// the live events of old blocks that are mostly dead are copied forward, so that a rarely written persistence id does
/// not keep whole blocks of other ids' deleted events.
/// Statements are SQLite prepared statements bound by index through SQLitePCL directly: Microsoft.Data.Sqlite would
/// look every parameter up by name on every execution.
/// </summary>
internal sealed class BlockInserter : IJournalInserter
{
    /// <summary>Old blocks are rewritten once the file holds more than twice its live events and this many more.</summary>
    public const long DefaultCopyForwardSlack = 100_000;

    /// <summary>At most this many stored events are looked at in one compaction pass (a few ms).</summary>
    private const long CopyForwardPassEvents = 20_000;

    private const long CompactionIntervalMs = 100;

    private readonly SqliteConnection _connection;
    private readonly JournalIndex _index;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _dataVersion;
    private readonly sqlite3_stmt _insert;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private readonly List<EventLocation> _locations = [];
    private readonly List<string> _pids = [];
    private readonly Dictionary<string, long> _batchHighest = new(StringComparer.Ordinal);
    private readonly List<(string Pid, long Old)> _undo = [];
    private readonly long _copyForwardSlack;
    private long _dataVersionSeen = long.MinValue;
    private long _lastCompactionMs;

    /// <param name="copyForwardSlack">Default <see cref="DefaultCopyForwardSlack"/>; tests copy forward sooner.</param>
    public BlockInserter(SqliteConnection connection, JournalIndex index, long copyForwardSlack = DefaultCopyForwardSlack)
    {
        _copyForwardSlack = copyForwardSlack;
        _connection = connection;
        _index = index;
        _db = connection.Handle ?? throw new InvalidOperationException("SQLite connection is not open.");
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _dataVersion = Prepare("PRAGMA data_version");
        _insert = Prepare($"INSERT INTO {BlockSchema.BlocksTable} (id, data) VALUES (?1, ?2)");
        // The index was loaded when the journal started, or is marked stale; from here on, another connection's
        // commit (which changes data_version) means it must be reloaded.
        _dataVersionSeen = QueryLong(_dataVersion);
    }

    public System.Data.Common.DbConnection Connection => _connection;

    public void Insert(List<WriteRequest> batch)
    {
        Transact(() =>
        {
            // Not Clear(), which zeroes the bytes written last time (a memset of each whole block): every byte handed
            // out is written before the block is stored.
            _buffer.ResetWrittenCount();
            _locations.Clear();
            _pids.Clear();
            _batchHighest.Clear();
            var block = _index.NextBlockId;
            foreach (var request in batch)
            {
                Append(request, block);
            }

            if (_locations.Count == 0)
            {
                return () => { };
            }

            Check(raw.sqlite3_bind_int64(_insert, 1, block));
            Check(raw.sqlite3_bind_blob(_insert, 2, _buffer.WrittenSpan));
            Step(_insert);
            raw.sqlite3_clear_bindings(_insert);
            return () => _index.Added(block, _locations, _pids);
        });
    }

    /// <summary>Checks one request's sequence numbers (each above its id's highest, the batch's earlier requests
    /// included) and, when they pass, writes its records; a request that fails is marked and writes nothing.</summary>
    private void Append(WriteRequest request, long block)
    {
        if (request.Rejection is not null)
        {
            return;
        }

        if (request.FollowsAFailure)
        {
            request.Rejection = new InvalidOperationException(
                $"An earlier write of persistence id '{request.Rows[0].PersistenceId}' in this batch was refused; this one followed it.");
            return;
        }

        var rows = request.Rows;
        _undo.Clear();
        for (var i = 0; i < rows.Count; i++) // not foreach: an IReadOnlyList's enumerator is an allocation per request
        {
            var row = rows[i];
            var highest = _batchHighest.TryGetValue(row.PersistenceId, out var h) ? h : _index.HighestSequenceNr(row.PersistenceId);
            if (row.SequenceNr <= highest)
            {
                for (var u = _undo.Count - 1; u >= 0; u--)
                {
                    _batchHighest[_undo[u].Pid] = _undo[u].Old;
                }

                request.Rejection = new InvalidOperationException(
                    $"Sequence number {row.SequenceNr} of persistence id '{row.PersistenceId}' is not above the stored highest {highest}.");
                return;
            }

            _undo.Add((row.PersistenceId, highest));
            _batchHighest[row.PersistenceId] = row.SequenceNr;
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var offset = _buffer.WrittenCount;
            var length = BlockFormat.Write(_buffer, row);
            _locations.Add(new EventLocation(row.SequenceNr, block, offset, length));
            _pids.Add(row.PersistenceId);
        }
    }

    /// <summary>Removes the blocks whose events are all deleted and, once the file holds far more events than are live,
    /// copies the live events of the oldest blocks into a new one and removes those. At most every 100 ms.</summary>
    public void Compact()
    {
        if (Environment.TickCount64 - _lastCompactionMs < CompactionIntervalMs)
        {
            return;
        }

        _lastCompactionMs = Environment.TickCount64;
        Transact(() =>
        {
            // Chosen inside the transaction, after the index is reloaded if it was stale: a failed delete may have
            // hidden events the file still has.
            var removed = _index.DeadBlocks();
            var (stored, live) = _index.Counts;
            var sparse = stored > (2 * live) + _copyForwardSlack ? _index.OldestLiveBlocks(CopyForwardPassEvents) : [];
            if (removed.Count == 0 && sparse.Count == 0)
            {
                return () => { };
            }

            _buffer.ResetWrittenCount();
            _locations.Clear();
            _pids.Clear();
            var block = _index.NextBlockId;
            foreach (var id in sparse)
            {
                var data = ReadBlock(id);
                foreach (var (pid, seq, offset, length) in BlockFormat.Records(data))
                {
                    if (_index.IsLiveIn(pid, seq, id))
                    {
                        _locations.Add(new EventLocation(seq, block, _buffer.WrittenCount, length));
                        _pids.Add(pid);
                        _buffer.Write(data.AsSpan(offset, length));
                    }
                }
            }

            removed.AddRange(sparse);
            using (var delete = _connection.CreateCommand())
            {
                delete.CommandText = $"DELETE FROM {BlockSchema.BlocksTable} WHERE id = @id";
                var id = delete.Parameters.Add("@id", SqliteType.Integer);
                foreach (var dead in removed)
                {
                    id.Value = dead;
                    delete.ExecuteNonQuery();
                }
            }

            if (_locations.Count > 0)
            {
                Check(raw.sqlite3_bind_int64(_insert, 1, block));
                Check(raw.sqlite3_bind_blob(_insert, 2, _buffer.WrittenSpan));
                Step(_insert);
                raw.sqlite3_clear_bindings(_insert);
            }

            return () => _index.Rewritten(removed, block, _locations, _pids);
        }, removesBlocks: true);
    }

    private byte[] ReadBlock(long id)
    {
        using var select = _connection.CreateCommand();
        select.CommandText = $"SELECT data FROM {BlockSchema.BlocksTable} WHERE id = @id";
        select.Parameters.AddWithValue("@id", id);
        return (byte[])select.ExecuteScalar()!;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction; what it returns updates the index once the
    /// transaction has committed. The index is reloaded from the file first when it may not match it (an earlier
    /// transaction failed, or another connection wrote); when this one fails, it is marked for reloading.</summary>
    /// <param name="removesBlocks">The work removes blocks: the commit and the index update go as one step for readers
    /// (<see cref="JournalIndex.CommitMoves"/>).</param>
    private void Transact(Func<Action> work, bool removesBlocks = false)
    {
        Step(_begin);
        try
        {
            var version = QueryLong(_dataVersion);
            if (_index.Stale || version != _dataVersionSeen)
            {
                _index.Load(_connection);
                _dataVersionSeen = version;
            }

            var publish = work();
            if (removesBlocks)
            {
                _index.CommitMoves(() => Step(_commit), publish);
            }
            else
            {
                Step(_commit);
                publish();
            }
        }
        catch
        {
            _index.Stale = true;
            if (raw.sqlite3_get_autocommit(_db) == 0)
            {
                raw.sqlite3_reset(_rollback);
                raw.sqlite3_step(_rollback);
                raw.sqlite3_reset(_rollback);
            }

            throw;
        }
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

    /// <summary>Closes the connection. The writer replaces an inserter only after a failure (a maintenance transaction
    /// whose deletes the index already shows may not have committed), so the index is reloaded before it is used again.</summary>
    public void Dispose()
    {
        _index.Stale = true;
        foreach (var statement in new[] { _begin, _commit, _rollback, _dataVersion, _insert })
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }
}
