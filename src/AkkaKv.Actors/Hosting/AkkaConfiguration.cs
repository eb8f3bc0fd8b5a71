using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Actors.Slots;
using AkkaKv.Persistence;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Hosting;

/// <summary>The node's Akka.NET set-up as composable steps; the host calls them all, tests call the ones they need.</summary>
public static class AkkaConfiguration
{
    public const string SystemName = "akkakv";
    public const string KvRole = "kv";

    public static AkkaConfigurationBuilder ConfigureNetwork(this AkkaConfigurationBuilder builder, AkkaKvSettings settings)
    {
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Remote.Host,
                PublicHostName = settings.Remote.PublicHost,
                Port = settings.Remote.Port,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = [KvRole],
                SeedNodes = settings.Remote.Seeds,
            });

        if (settings.Remote.Seeds.Length == 0)
        {
            // No seeds: a single node forms its own cluster. Joining SelfAddress (not a configured seed) works with port 0.
            builder.WithActors((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
        }

        return builder;
    }

    public static AkkaConfigurationBuilder ConfigureSerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            "akkakv-events",
            [typeof(ISlotEvent), typeof(SlotSnapshot)],
            system => new KvEventSerializer(system));

    public static AkkaConfigurationBuilder ConfigurePersistence(this AkkaConfigurationBuilder builder, AkkaKvSettings settings)
    {
        if (settings.Mode == StorageMode.Cache)
        {
            return builder;
        }

        var provider = settings.Journal.Provider == JournalProvider.PostgreSql ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var connectionString = settings.Journal.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                throw new InvalidOperationException("AkkaKv:Journal:ConnectionString is required when the journal provider is PostgreSql");
            }

            connectionString = $"Data Source={Path.Combine(Path.GetFullPath(settings.DataDir), "akkakv.db")}";
        }

        return builder.WithGroupCommitPersistence(new JournalOptions(provider, connectionString, settings.Journal.MaxBatchSize));
    }

    public static AkkaConfigurationBuilder ConfigureSlots(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .AddHocon($"{LocalSlotsProvider.SlotCountPath} = {settings.SlotCount}", HoconAddMode.Prepend)
            .WithShardRegion<SlotRegion>(
                SlotRegion.Name,
                entityId =>
                {
                    var slot = int.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture);
                    return settings.Mode == StorageMode.Store
                        ? DurableSlotActor.PropsFor(slot, settings.SnapshotEvery)
                        : VolatileSlotActor.PropsFor(slot);
                },
                new SlotMessageExtractor(settings.SlotCount, settings.ShardCount),
                new ShardOptions
                {
                    Role = KvRole,
                    StateStoreMode = StateStoreMode.DData,
                    RememberEntities = false,
                    HandOffStopMessage = SlotHandOff.Instance,
                    // A slot holds data (all of it in cache mode): it must never be passivated for being idle.
                    ShouldPassivateIdleEntities = false,
                });

    /// <summary>All of the above: what a node runs.</summary>
    public static AkkaConfigurationBuilder ConfigureNode(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .ConfigureNetwork(settings)
            .ConfigureSerialization()
            .ConfigurePersistence(settings)
            .ConfigureSlots(settings);
}
