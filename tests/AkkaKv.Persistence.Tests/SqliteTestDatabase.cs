using AkkaKv.Persistence;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Tests;

public sealed class SqliteTestDatabase : TestDatabase
{
    public SqliteTestDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "akkakv-test-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        FilePath = Path.Combine(Directory, "journal.db");
    }

    public string Directory { get; }

    public string FilePath { get; }

    public override JournalOptions Options => new(DatabaseProvider.Sqlite, $"Data Source={FilePath}");

    public override void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting the directory.
        SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
