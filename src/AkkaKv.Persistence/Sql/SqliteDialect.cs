using System.Data.Common;
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
            return new SqliteJournalInserter(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    // Append-only journal keyed by `ordering` (the rowid), no (persistence_id, sequence_nr) index: see SqliteJournalInserter.
    // prev_ordering chains the events of one persistence id backwards; the metadata row holds the chain's head and the
    // highest sequence number ever written (kept when events are deleted). The payload is the last column so that
    // walking a chain never decodes it.
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

    /// <summary>
    /// One row: the metadata rows hold every event up to this `ordering`; later events' heads are written back lazily
    /// (<see cref="SqliteJournalInserter"/>), so readers take the newer ones from the journal itself past this point
    /// (<see cref="TailHead"/>). Rewriting the metadata rows with every batch cost ~7 of its WAL pages and ~11% of
    /// a store-mode SET's CPU at 16-deep pipelines.
    /// </summary>
    internal const string HeadsTable = "akkakv_journal_heads";

    private const string SqliteHeadsTable = $"""
        CREATE TABLE IF NOT EXISTS {HeadsTable} (
          id INTEGER PRIMARY KEY CHECK (id = 0),
          through INTEGER NOT NULL
        )
        """;

    /// <summary>The newest event of @pid past the metadata's point (<see cref="HeadsTable"/>): its `ordering` and
    /// sequence number, NULLs when it has none there. A scan of the journal's last rows (a range of its key).</summary>
    internal const string TailHead = $"""
        SELECT MAX(ordering) AS ordering, MAX(sequence_nr) AS sequence_nr FROM {JournalTable}
        WHERE ordering > (SELECT through FROM {HeadsTable}) AND persistence_id = @pid
        """;

    /// <summary>
    /// Deleting a persistence id's events only raises its metadata row's deleted_to (one row written): its events lie one
    /// per page among every other id's, so deleting them at once dirtied a page per event and, once slots snapshot, cut
    /// durable write throughput ~3.5x. The rows themselves go later, by <see cref="CompactionSql"/>, a contiguous range
    /// of the table at a time.
    /// </summary>
    internal const string DeleteToSql = $"""
        UPDATE {MetadataTable} SET deleted_to = MAX(deleted_to, MIN(@to, sequence_nr)) WHERE persistence_id = @pid
        """;

    /// <summary>
    /// The events of one persistence id with sequence_nr >= @from, newest first, found by walking prev_ordering from its
    /// newest event (past the metadata's point, else the metadata row's head). Every step checks the persistence id and
    /// a strictly falling sequence number, so a link into deleted rows simply ends the walk.
    /// </summary>
    internal const string ChainCte = $"""
        WITH RECURSIVE bound(first) AS (
          SELECT MAX(@from, COALESCE((SELECT deleted_to + 1 FROM {MetadataTable} WHERE persistence_id = @pid), 0))
        ),
        head(ordering) AS (
          SELECT COALESCE((SELECT ordering FROM ({TailHead})), (SELECT last_ordering FROM {MetadataTable} WHERE persistence_id = @pid))
        ),
        chain(ordering, prev, seq) AS (
          SELECT j.ordering, j.prev_ordering, j.sequence_nr FROM head h JOIN {JournalTable} j ON j.ordering = h.ordering
          WHERE j.persistence_id = @pid AND j.sequence_nr >= (SELECT first FROM bound)
          UNION ALL
          SELECT j.ordering, j.prev_ordering, j.sequence_nr FROM chain c JOIN {JournalTable} j ON j.ordering = c.prev
          WHERE j.persistence_id = @pid AND j.sequence_nr < c.seq AND j.sequence_nr >= (SELECT first FROM bound)
        )
        """;

    /// <summary>Removes the rows in an `ordering` range that their persistence id has deleted (see <see cref="DeleteToSql"/>).</summary>
    internal override string? CompactionSql => $"""
        DELETE FROM {JournalTable} WHERE ordering >= @lo AND ordering < @hi
          AND sequence_nr <= (SELECT m.deleted_to FROM {MetadataTable} m WHERE m.persistence_id = {JournalTable}.persistence_id)
        """;

    public override void EnsureJournalSchema(string connectionString)
    {
        using var connection = Open(connectionString);
        Execute(connection, null, "PRAGMA journal_mode=WAL");
        using var transaction = connection.BeginTransaction(); // BEGIN IMMEDIATE: two starting journals do not race
        var journalExists = Scalar(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{JournalTable}'") > 0;
        var current = Scalar(connection, transaction, $"SELECT COUNT(*) FROM pragma_table_info('{JournalTable}') WHERE name = 'ordering'") > 0;
        if (journalExists && !current)
        {
            Upgrade(connection, transaction);
        }
        else
        {
            Execute(connection, transaction, SqliteJournalTable);
            Execute(connection, transaction, SqliteMetadataTable);
        }

        if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM pragma_table_info('{MetadataTable}') WHERE name = 'deleted_to'") == 0)
        {
            Execute(connection, transaction, $"ALTER TABLE {MetadataTable} ADD COLUMN deleted_to INTEGER NOT NULL DEFAULT 0");
        }

        CatchUpHeads(connection, transaction);
        transaction.Commit();
    }

    /// <summary>
    /// Brings the metadata rows up to the journal's last event, at start (before anything reads): after a crash, the
    /// heads of the events since they were last written back are only in the journal. A file from before the heads
    /// table had its metadata written with every batch, so it is complete as it is.
    /// </summary>
    private static void CatchUpHeads(DbConnection connection, DbTransaction transaction)
    {
        if (Scalar(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{HeadsTable}'") == 0)
        {
            Execute(connection, transaction, SqliteHeadsTable);
            Execute(connection, transaction, $"INSERT INTO {HeadsTable} (id, through) VALUES (0, COALESCE((SELECT MAX(ordering) FROM {JournalTable}), 0))");
            return;
        }

        Execute(connection, transaction, CatchUpHeadsSql);
    }

    /// <summary>Folds the heads of the events past the metadata's point into the metadata rows, and moves the point to
    /// the journal's last event.</summary>
    internal const string CatchUpHeadsSql = $"""
        INSERT INTO {MetadataTable} (persistence_id, sequence_nr, last_ordering)
        SELECT persistence_id, MAX(sequence_nr), MAX(ordering) FROM {JournalTable}
        WHERE ordering > (SELECT through FROM {HeadsTable}) GROUP BY persistence_id
        ON CONFLICT (persistence_id) DO UPDATE SET
          sequence_nr = MAX(sequence_nr, excluded.sequence_nr), last_ordering = excluded.last_ordering;
        UPDATE {HeadsTable} SET through = MAX(through, COALESCE((SELECT MAX(ordering) FROM {JournalTable}), 0));
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
