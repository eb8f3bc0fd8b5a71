using System.Data.Common;
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
}
