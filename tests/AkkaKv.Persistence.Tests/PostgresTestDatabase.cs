using AkkaKv.Persistence;
using AkkaKv.TestSupport;

namespace AkkaKv.Persistence.Tests;

/// <summary>A throwaway PostgreSQL database for one test (see <see cref="PostgresDatabase"/>).</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly PostgresDatabase _database = new();

    public string ConnectionString => _database.ConnectionString;

    public override JournalOptions Options => new(DatabaseProvider.PostgreSql, ConnectionString);

    public override void Dispose() => _database.Dispose();
}
