namespace AkkaKv.Actors.Hosting;

/// <summary>Refuses, at start-up and with the reason, settings that would silently lose data.</summary>
public static class UnsafeSettings
{
    public static void ThrowIfAny(AkkaKvSettings settings)
    {
        if (settings.Mode == StorageMode.Store && settings.Journal.Provider == JournalProvider.Sqlite && settings.Remote.Seeds.Length > 0)
        {
            // A slot that moves to another node recovers from that node's journal: with a private SQLite file per node
            // it would come back empty there.
            throw new InvalidOperationException(
                "a node that joins a cluster (AkkaKv:Remote:Seeds is set) needs a journal every node reaches: " +
                "set AkkaKv:Journal:Provider=PostgreSql and AkkaKv:Journal:ConnectionString");
        }
    }
}
