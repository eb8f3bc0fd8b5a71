namespace AkkaKv.Persistence;

/// <summary>
/// What the hosting extension needs to configure both the journal and the snapshot store.
/// MaxBatchSize bounds the rows of one group-commit transaction, so one huge burst cannot
/// hold every other writer behind a single very long transaction.
/// </summary>
public sealed record JournalOptions(
    DatabaseProvider Provider,
    string ConnectionString,
    int MaxBatchSize = PluginSettings.DefaultMaxBatchSize);
