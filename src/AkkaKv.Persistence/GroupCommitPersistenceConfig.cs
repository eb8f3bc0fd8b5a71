using System.Globalization;
using Akka.Configuration;

namespace AkkaKv.Persistence;

/// <summary>
/// Builds the HOCON that registers the journal and snapshot store and makes them the defaults.
/// Shared by the hosting extension and by plain-HOCON users (tests, bench) so both paths configure the same thing.
/// </summary>
public static class GroupCommitPersistenceConfig
{
    public const string JournalPluginId = "akka.persistence.journal.akkakv";
    public const string SnapshotStorePluginId = "akka.persistence.snapshot-store.akkakv";

    public static Config Build(JournalOptions options) => ConfigurationFactory.ParseString(BuildHocon(options));

    public static string BuildHocon(JournalOptions options)
    {
        var provider = options.Provider == DatabaseProvider.Sqlite ? "sqlite" : "postgresql";
        var cs = Quote(options.ConnectionString);
        var maxBatch = options.MaxBatchSize.ToString(CultureInfo.InvariantCulture);
        return $$"""
            akka.persistence.journal.plugin = "{{JournalPluginId}}"
            akka.persistence.snapshot-store.plugin = "{{SnapshotStorePluginId}}"
            {{JournalPluginId}} {
              class = "{{typeof(GroupCommitJournal).FullName}}, {{typeof(GroupCommitJournal).Assembly.GetName().Name}}"
              provider = {{provider}}
              connection-string = {{cs}}
              max-batch-size = {{maxBatch}}
            }
            {{SnapshotStorePluginId}} {
              class = "{{typeof(SqlSnapshotStore).FullName}}, {{typeof(SqlSnapshotStore).Assembly.GetName().Name}}"
              provider = {{provider}}
              connection-string = {{cs}}
            }
            """;
    }

    // HOCON quoted strings use JSON escapes; connection strings may contain quotes or backslashes (Windows paths).
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
