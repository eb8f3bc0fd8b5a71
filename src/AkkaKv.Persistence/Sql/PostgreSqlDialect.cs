using System.Data.Common;
using Npgsql;

namespace AkkaKv.Persistence.Sql;

public sealed class PostgreSqlDialect : SqlDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override string BlobType => "BYTEA";

    // Durability comes from the server's synchronous_commit (on by default); nothing to set per connection.
    protected override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);
}
