using Akka.Configuration;
using AkkaKv.Persistence.Sql;

namespace AkkaKv.Persistence;

/// <summary>The plugin's HOCON section, parsed once when the plugin actor starts.</summary>
public sealed record PluginSettings(DatabaseProvider Provider, string ConnectionString, int MaxBatchSize, int RowsPerStatement)
{
    public const int DefaultMaxBatchSize = 4096;

    // Multi-row INSERTs cut statement round trips, which matter on PostgreSQL (one network round trip each).
    // On SQLite 64 vs 1 row per statement measured within noise (the commit's page writes dominate); tunable via HOCON.
    public const int DefaultRowsPerStatement = 64;

    public SqlDialect Dialect => SqlDialect.For(Provider);

    public static PluginSettings FromConfig(Config config)
    {
        var connectionString = config.GetString("connection-string", string.Empty);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ConfigurationException("AkkaKv persistence plugin: `connection-string` must be set.");
        }

        var maxBatch = config.GetInt("max-batch-size", DefaultMaxBatchSize);
        var rowsPerStatement = config.GetInt("rows-per-statement", DefaultRowsPerStatement);
        if (maxBatch < 1 || rowsPerStatement < 1)
        {
            throw new ConfigurationException("AkkaKv persistence plugin: `max-batch-size` and `rows-per-statement` must be >= 1.");
        }

        return new PluginSettings(ParseProvider(config.GetString("provider", "sqlite")), connectionString, maxBatch, rowsPerStatement);
    }

    public static DatabaseProvider ParseProvider(string value) => value.Trim().ToLowerInvariant() switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.PostgreSql,
        _ => throw new ConfigurationException($"AkkaKv persistence plugin: unknown provider `{value}` (expected sqlite or postgresql)."),
    };
}
