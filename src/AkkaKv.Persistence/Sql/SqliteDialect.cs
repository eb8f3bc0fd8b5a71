using System.Data.Common;
using AkkaKv.Persistence.Blocks;
using AkkaKv.Persistence.GroupCommit;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Sql;

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // How long a second writer (delete, snapshot save) waits for the group-commit writer's lock instead of failing.
    private const int BusyTimeoutMs = 30_000;

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override string BlobType => "BLOB";

    // WAL lets readers (replay) run while the writer commits; it is a property of the file, so setting it once is enough.
    protected override IEnumerable<string> DatabaseSetup => ["PRAGMA journal_mode=WAL"];

    protected override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    protected override void Initialize(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // synchronous=FULL: in WAL mode every commit fsyncs the WAL, so an acknowledged write survives power loss.
        command.CommandText = $"PRAGMA synchronous=FULL; PRAGMA busy_timeout={BusyTimeoutMs};";
        command.ExecuteNonQuery();
    }

    internal override IJournalInserter CreateInserter(string connectionString, int rowsPerStatement)
    {
        var connection = (SqliteConnection)Open(connectionString);
        try
        {
            return new BlockInserter(connection, JournalIndex.For(connectionString));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // The row-per-event layout that came before blocks: an `ordering` key, each row linked to its id's previous event,
    // the metadata rows holding each chain's head. Only the upgrade from the first layout still creates it, on the way
    // to blocks.
    internal const string SqliteJournalTable = $"""
        CREATE TABLE IF NOT EXISTS {JournalTable} (
          ordering INTEGER PRIMARY KEY,
          persistence_id TEXT NOT NULL,
          sequence_nr INTEGER NOT NULL,
          prev_ordering INTEGER,
          created INTEGER NOT NULL,
          manifest TEXT NOT NULL,
          writer_uuid TEXT NOT NULL,
          serializer_id INTEGER NOT NULL,
          serializer_manifest TEXT NOT NULL,
          payload BLOB NOT NULL
        )
        """;

    internal const string SqliteMetadataTable = $"""
        CREATE TABLE IF NOT EXISTS {MetadataTable} (
          persistence_id TEXT NOT NULL PRIMARY KEY,
          sequence_nr INTEGER NOT NULL,
          last_ordering INTEGER,
          deleted_to INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID
        """;

    /// <summary>In the row-per-event layout, the table whose one row says up to which `ordering` the metadata rows held
    /// every event's head; the heads of later events were only in the journal.</summary>
    internal const string HeadsTable = "akkakv_journal_heads";

    /// <summary>
    /// Creates the block journal's tables, or moves a file of an earlier layout to them (the first layout by way of the
    /// row-per-event one), then loads the journal's index (<see cref="JournalIndex"/>) before anything reads or writes.
    /// </summary>
    public override void EnsureJournalSchema(string connectionString)
    {
        using var connection = (SqliteConnection)Open(connectionString);
        Execute(connection, null, "PRAGMA journal_mode=WAL");
        using (var transaction = connection.BeginTransaction()) // BEGIN IMMEDIATE: two starting journals do not race
        {
            if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{JournalTable}'") > 0)
            {
                if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM pragma_table_info('{JournalTable}') WHERE name = 'ordering'") == 0)
                {
                    Upgrade(connection, transaction);
                }

                AddDeletedTo(connection, transaction);
                if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HeadsTable}'") > 0)
                {
                    Execute(connection, transaction, CatchUpHeadsSql);
                }

                BlockSchema.MigrateRows(connection, transaction);
            }

            Execute(connection, transaction, BlockSchema.CreateBlocks);
            Execute(connection, transaction, BlockSchema.CreateMetadata);
            AddDeletedTo(connection, transaction);
            transaction.Commit();
        }

        JournalIndex.Open(connectionString, connection);
    }

    private static void AddDeletedTo(DbConnection connection, DbTransaction transaction)
    {
        if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM pragma_table_info('{MetadataTable}') WHERE name = 'deleted_to'") == 0)
        {
            Execute(connection, transaction, $"ALTER TABLE {MetadataTable} ADD COLUMN deleted_to INTEGER NOT NULL DEFAULT 0");
        }
    }

    /// <summary>Folds the heads of the events past the metadata's point into the metadata rows (row-per-event layout).</summary>
    internal const string CatchUpHeadsSql = $"""
        INSERT INTO {MetadataTable} (persistence_id, sequence_nr, last_ordering)
        SELECT persistence_id, MAX(sequence_nr), MAX(ordering) FROM {JournalTable}
        WHERE ordering > (SELECT through FROM {HeadsTable}) GROUP BY persistence_id
        ON CONFLICT (persistence_id) DO UPDATE SET
          sequence_nr = MAX(sequence_nr, excluded.sequence_nr), last_ordering = excluded.last_ordering;
        """;

    /// <summary>
    /// From the first schema (rowid table with PRIMARY KEY (persistence_id, sequence_nr), metadata only for deleted ids):
    /// copy the events in (persistence_id, sequence_nr) order, link each to its predecessor, rebuild the metadata.
    /// </summary>
    private static void Upgrade(DbConnection connection, DbTransaction transaction)
    {
        Execute(connection, transaction, $"ALTER TABLE {JournalTable} RENAME TO {JournalTable}_v1");
        var oldMetadata = Scalar(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{MetadataTable}'") > 0;
        if (oldMetadata)
        {
            Execute(connection, transaction, $"ALTER TABLE {MetadataTable} RENAME TO {MetadataTable}_v1");
        }

        Execute(connection, transaction, SqliteJournalTable);
        Execute(connection, transaction, SqliteMetadataTable);
        Execute(connection, transaction, $"""
            INSERT INTO {JournalTable} (ordering, persistence_id, sequence_nr, prev_ordering, created, manifest, writer_uuid, serializer_id, serializer_manifest, payload)
            SELECT o, persistence_id, sequence_nr, LAG(o) OVER (PARTITION BY persistence_id ORDER BY sequence_nr),
                   created, manifest, writer_uuid, serializer_id, serializer_manifest, payload
            FROM (SELECT ROW_NUMBER() OVER (ORDER BY persistence_id, sequence_nr) AS o, * FROM {JournalTable}_v1)
            """);
        Execute(connection, transaction, $"""
            INSERT INTO {MetadataTable} (persistence_id, sequence_nr, last_ordering)
            SELECT persistence_id, MAX(sequence_nr), MAX(ordering) FROM {JournalTable} GROUP BY persistence_id
            """);
        if (oldMetadata)
        {
            Execute(connection, transaction, $"""
                INSERT INTO {MetadataTable} (persistence_id, sequence_nr, last_ordering)
                SELECT persistence_id, sequence_nr, NULL FROM {MetadataTable}_v1 WHERE true
                ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = MAX(sequence_nr, excluded.sequence_nr)
                """);
            Execute(connection, transaction, $"DROP TABLE {MetadataTable}_v1");
        }

        Execute(connection, transaction, $"DROP TABLE {JournalTable}_v1");
    }

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand(sql, transaction);
        command.ExecuteNonQuery();
    }

    private static long Scalar(DbConnection connection, DbTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand(sql, transaction);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
