using Npgsql;

namespace AkkaKv.TestSupport;

/// <summary>A fresh PostgreSQL database (akkakv_test_&lt;guid&gt;), dropped on dispose, so parallel runs never collide.
/// The server comes from AKKAKV_TEST_POSTGRES (build.ps1 test and .ci/run start one and set it); without it the test
/// fails on purpose rather than silently passing.</summary>
public sealed class PostgresDatabase : IDisposable
{
    public const string EnvVar = "AKKAKV_TEST_POSTGRES";
    private readonly string _adminConnectionString;
    private readonly string _name = "akkakv_test_" + Guid.NewGuid().ToString("N");

    public PostgresDatabase()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(EnvVar) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                $"{EnvVar} is not set. The PostgreSQL tests need a server: run them with 'dotnet pwsh ./build.ps1 test', " +
                $"or export {EnvVar}='Host=127.0.0.1;Port=5432;Username=postgres;Password=...'");
        Execute($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = _name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        Execute($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(_adminConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
