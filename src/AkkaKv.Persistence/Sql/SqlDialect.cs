using System.Data.Common;
using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence.Sql;

/// <summary>
/// The few places where SQLite and PostgreSQL differ. Everything else (parameter syntax @name,
/// INSERT .. ON CONFLICT, LIMIT) is shared SQL, so the journal and snapshot store have one code path.
/// </summary>
public abstract class SqlDialect
{
    public const string JournalTable = "akkakv_journal";
    public const string MetadataTable = "akkakv_metadata";
    public const string SnapshotTable = "akkakv_snapshot";

    public abstract DatabaseProvider Provider { get; }

    protected abstract string BlobType { get; }

    public static SqlDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.PostgreSql => PostgreSqlDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    protected abstract DbConnection CreateConnection(string connectionString);

    /// <summary>Per-connection settings that the database does not remember (SQLite pragmas).</summary>
    protected virtual void Initialize(DbConnection connection)
    {
    }

    /// <summary>One-time, per-database settings run before the schema is created (SQLite WAL mode).</summary>
    protected virtual IEnumerable<string> DatabaseSetup => [];

    public DbConnection Open(string connectionString)
    {
        var connection = CreateConnection(connectionString);
        try
        {
            connection.Open();
            Initialize(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The group-commit writer's inserter on a connection of its own.</summary>
    internal virtual IJournalInserter CreateInserter(string connectionString, int rowsPerStatement) =>
        new BatchInserter(Open(connectionString), rowsPerStatement);

    /// <summary>Creates (or upgrades) the journal tables; run once before the journal accepts any request.</summary>
    public virtual void EnsureJournalSchema(string connectionString) => EnsureSchema(connectionString, JournalSchema);

    /// <summary>Journal schema of the shared SQL path (PostgreSQL); SQLite overrides <see cref="EnsureJournalSchema"/>.</summary>
    public IEnumerable<string> JournalSchema => DatabaseSetup.Concat(
    [
        $"""
        CREATE TABLE IF NOT EXISTS {JournalTable} (
          persistence_id TEXT NOT NULL,
          sequence_nr BIGINT NOT NULL,
          created BIGINT NOT NULL,
          manifest TEXT NOT NULL,
          writer_uuid TEXT NOT NULL,
          serializer_id INTEGER NOT NULL,
          serializer_manifest TEXT NOT NULL,
          payload {BlobType} NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)
        )
        """,
        // Remembers the highest sequence number of a persistence id whose events were all deleted,
        // so ReadHighestSequenceNr never goes backwards (same idea as Akka.Persistence.Sql's metadata table).
        $"""
        CREATE TABLE IF NOT EXISTS {MetadataTable} (
          persistence_id TEXT NOT NULL PRIMARY KEY,
          sequence_nr BIGINT NOT NULL
        )
        """,
    ]);

    public IEnumerable<string> SnapshotSchema => DatabaseSetup.Concat(
    [
        $"""
        CREATE TABLE IF NOT EXISTS {SnapshotTable} (
          persistence_id TEXT NOT NULL,
          sequence_nr BIGINT NOT NULL,
          created BIGINT NOT NULL,
          serializer_id INTEGER NOT NULL,
          serializer_manifest TEXT NOT NULL,
          payload {BlobType} NOT NULL,
          PRIMARY KEY (persistence_id, sequence_nr)
        )
        """,
    ]);

    public void EnsureSchema(string connectionString, IEnumerable<string> statements)
    {
        using var connection = Open(connectionString);
        foreach (var sql in statements)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
