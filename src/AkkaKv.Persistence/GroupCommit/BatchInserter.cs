using System.Data;
using System.Data.Common;
using System.Text;
using AkkaKv.Persistence.Sql;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// Writes a group of requests in one transaction on the writer's own connection. Rows go out as multi-row
/// INSERTs of up to rowsPerStatement rows; one prepared command per row count is cached and reused, so the
/// SQL is parsed once per connection rather than once per batch. Used for PostgreSQL; SQLite has <see cref="Blocks.BlockInserter"/>.
/// </summary>
internal sealed class BatchInserter(DbConnection connection, int rowsPerStatement) : IJournalInserter
{
    private const int Columns = 8;
    private readonly Dictionary<int, DbCommand> _commands = [];
    private readonly JournalRow[] _chunk = new JournalRow[rowsPerStatement];

    public DbConnection Connection => connection;

    /// <summary>Nothing to do: PostgreSQL's deletes remove their rows at once.</summary>
    public void Compact()
    {
    }

    /// <summary>A batch that fits one INSERT goes without BEGIN and COMMIT: a single statement outside a transaction is
    /// atomic on its own (it commits, or fails whole), and it saves the COMMIT's round trip and the server's work for
    /// the two extra statements. Most group commits are this small (a few events each at ~1,000 commits/s per node
    /// on the 3-node benchmark). A larger batch is several INSERTs in one transaction.</summary>
    public void Insert(List<WriteRequest> batch)
    {
        var rows = 0;
        foreach (var request in batch)
        {
            rows += request.Rejection is null ? request.Rows.Count : 0;
        }

        if (rows == 0)
        {
            return;
        }

        if (rows <= _chunk.Length)
        {
            InsertRows(batch, null);
            return;
        }

        using var transaction = connection.BeginTransaction();
        InsertRows(batch, transaction);
        transaction.Commit();
    }

    private void InsertRows(List<WriteRequest> batch, DbTransaction? transaction)
    {
        var count = 0;
        foreach (var request in batch)
        {
            if (request.Rejection is not null)
            {
                continue;
            }

            foreach (var row in request.Rows)
            {
                _chunk[count++] = row;
                if (count == _chunk.Length)
                {
                    Execute(count, transaction);
                    count = 0;
                }
            }
        }

        if (count > 0)
        {
            Execute(count, transaction);
        }
    }

    private void Execute(int count, DbTransaction? transaction)
    {
        var command = GetCommand(count, transaction);
        var parameters = command.Parameters;
        for (var i = 0; i < count; i++)
        {
            var row = _chunk[i];
            var p = i * Columns;
            parameters[p].Value = row.PersistenceId;
            parameters[p + 1].Value = row.SequenceNr;
            parameters[p + 2].Value = row.Timestamp;
            parameters[p + 3].Value = row.Manifest;
            parameters[p + 4].Value = row.WriterUuid;
            parameters[p + 5].Value = row.Payload.SerializerId;
            parameters[p + 6].Value = row.Payload.Manifest;
            parameters[p + 7].Value = row.Payload.Bytes;
        }

        command.ExecuteNonQuery();
        Array.Clear(_chunk, 0, count); // drop payload references early; batches can be large
    }

    private DbCommand GetCommand(int rows, DbTransaction? transaction)
    {
        if (_commands.TryGetValue(rows, out var cached))
        {
            cached.Transaction = transaction;
            return cached;
        }

        var sql = new StringBuilder($"INSERT INTO {SqlDialect.JournalTable} (persistence_id, sequence_nr, created, manifest, writer_uuid, serializer_id, serializer_manifest, payload) VALUES ");
        var command = connection.CreateCommand(string.Empty, transaction);
        for (var i = 0; i < rows; i++)
        {
            sql.Append(i == 0 ? "(" : ",(");
            for (var c = 0; c < Columns; c++)
            {
                var name = $"@p{i * Columns + c}";
                sql.Append(c == 0 ? name : "," + name);
                command.AddParameter(name, ColumnTypes[c]);
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        command.Prepare();
        _commands[rows] = command;
        return command;
    }

    private static readonly DbType[] ColumnTypes =
        [DbType.String, DbType.Int64, DbType.Int64, DbType.String, DbType.String, DbType.Int32, DbType.String, DbType.Binary];

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        connection.Dispose();
    }
}
