using System.Buffers;
using System.Data.Common;
using AkkaKv.Persistence.GroupCommit;
using AkkaKv.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// The tables of the SQLite journal: blocks (one row per group commit, its events in <see cref="BlockFormat"/>) and the
/// metadata rows (per persistence id the highest sequence number once deleted events are gone, and how far it is
/// deleted). And the move of a file from the row-per-event layout to blocks.
/// </summary>
internal static class BlockSchema
{
    public const string BlocksTable = "akkakv_journal_blocks";
    public const string MetadataTable = SqlDialect.MetadataTable;

    /// <summary>Events per block when a row-per-event file is rewritten.</summary>
    private const int MigrationBlockEvents = 1000;

    public const string CreateBlocks = $"CREATE TABLE IF NOT EXISTS {BlocksTable} (id INTEGER PRIMARY KEY, data BLOB NOT NULL)";

    public const string CreateMetadata = $"""
        CREATE TABLE IF NOT EXISTS {MetadataTable} (
          persistence_id TEXT NOT NULL PRIMARY KEY,
          sequence_nr INTEGER NOT NULL,
          deleted_to INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """;

    /// <summary>Stores a persistence id's highest and deleted-to numbers (neither ever goes down).</summary>
    public const string UpsertMetadata = $"""
        INSERT INTO {MetadataTable} (persistence_id, sequence_nr, deleted_to) VALUES (@pid, @highest, @deletedTo)
        ON CONFLICT (persistence_id) DO UPDATE SET
          sequence_nr = MAX(sequence_nr, excluded.sequence_nr), deleted_to = MAX(deleted_to, excluded.deleted_to)
        """;

    /// <summary>
    /// Rewrites the live events of the row-per-event journal (<see cref="SqlDialect.JournalTable"/>, with its metadata
    /// rows up to date) into blocks, in the order they were written, and drops it. Its metadata rows first take each
    /// id's highest stored number, so that deleted events do not lower it.
    /// </summary>
    public static void MigrateRows(SqliteConnection connection, DbTransaction transaction)
    {
        Execute(connection, transaction, $"""
            INSERT INTO {MetadataTable} (persistence_id, sequence_nr) SELECT persistence_id, MAX(sequence_nr) FROM {SqlDialect.JournalTable}
            GROUP BY persistence_id
            ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = MAX(sequence_nr, excluded.sequence_nr)
            """);
        Execute(connection, transaction, CreateBlocks);
        var buffer = new ArrayBufferWriter<byte>(1 << 16);
        var events = 0;
        var block = 0L;
        using (var select = connection.CreateCommand())
        {
            select.Transaction = (SqliteTransaction)transaction;
            select.CommandText = $"""
                SELECT j.persistence_id, j.sequence_nr, j.created, j.manifest, j.writer_uuid, j.serializer_id, j.serializer_manifest, j.payload
                FROM {SqlDialect.JournalTable} j LEFT JOIN {MetadataTable} m ON m.persistence_id = j.persistence_id
                WHERE j.sequence_nr > COALESCE(m.deleted_to, 0) ORDER BY j.ordering
                """;
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                BlockFormat.Write(buffer, new JournalRow(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                    new SerializedPayload(reader.GetInt32(5), reader.GetString(6), (byte[])reader.GetValue(7))));
                if (++events == MigrationBlockEvents)
                {
                    InsertBlock(connection, transaction, ++block, buffer);
                    events = 0;
                }
            }
        }

        if (events > 0)
        {
            InsertBlock(connection, transaction, ++block, buffer);
        }

        Execute(connection, transaction, $"DROP TABLE {SqlDialect.JournalTable}");
        Execute(connection, transaction, $"DROP TABLE IF EXISTS {SqliteDialect.HeadsTable}");
    }

    private static void InsertBlock(SqliteConnection connection, DbTransaction transaction, long id, ArrayBufferWriter<byte> buffer)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = (SqliteTransaction)transaction;
        insert.CommandText = $"INSERT INTO {BlocksTable} (id, data) VALUES (@id, @data)";
        insert.Parameters.AddWithValue("@id", id);
        insert.Parameters.AddWithValue("@data", buffer.WrittenSpan.ToArray());
        insert.ExecuteNonQuery();
        buffer.Clear();
    }

    private static void Execute(SqliteConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction)transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
