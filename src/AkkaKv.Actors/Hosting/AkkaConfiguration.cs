using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Serialization;
using AkkaKv.Actors.Slots;
using AkkaKv.Coordination;
using AkkaKv.Persistence;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Hosting;

/// <summary>The node's Akka.NET set-up as composable steps; the host calls them all, tests call the ones they need.</summary>
public static class AkkaConfiguration
{
    public const string SystemName = "akkakv";
    public const string KvRole = "kv";

    public const string LighthouseRole = "lighthouse";

    /// <summary>Remoting, cluster membership and the Split Brain Resolver. <paramref name="roles"/>: the member's roles
    /// (a node's is <see cref="KvRole"/>, which hosts slots; a lighthouse's is <see cref="LighthouseRole"/>).</summary>
    public static AkkaConfigurationBuilder ConfigureNetwork(this AkkaConfigurationBuilder builder, AkkaKvSettings settings, params string[] roles)
    {
        var stableAfterMs = (long)settings.Cluster.StableAfter.TotalMilliseconds;
        builder
            .WithRemoting(new RemoteOptions
            {
                HostName = settings.Remote.Host,
                PublicHostName = settings.Remote.PublicHost,
                Port = settings.Remote.Port,
            })
            .WithClustering(new ClusterOptions
            {
                Roles = roles.Length == 0 ? [KvRole] : roles,
                SeedNodes = settings.Remote.Seeds,
                SplitBrainResolver = DowningStrategies.ToOption(settings.Cluster),
            })
            .AddHocon($"akka.cluster.split-brain-resolver.stable-after = {stableAfterMs}ms", HoconAddMode.Prepend)
            .AddHocon($"akka.cluster.down-removal-margin = {(long)settings.Cluster.DownRemovalMargin.TotalMilliseconds}ms", HoconAddMode.Prepend)
            // Akka's Linux default lets a second process bind a remoting port already in use and form a cluster of its
            // own there; a port clash must fail the start instead.
            .AddHocon("akka.remote.dot-netty.tcp.tcp-reuse-addr = off", HoconAddMode.Prepend)
            // Remoting's write batching (Akka 1.5's flush consolidation: writes queued while the channel is busy go out in
            // one flush, with no timer) stays on, as Akka ships it. It was off here once, measured on an earlier build;
            // on this one, in five alternating pairs of 3-node runs, turning it back on took replicated PUTs at majority
            // from 5.0-5.9k to 6.0-8.0k/s (the replica update's round trip 4.4-5.3 → ~3 ms) and left plain PUTs and
            // GETs as they were or faster.
            .AddHocon("akka.remote.dot-netty.tcp.batching.enabled = true", HoconAddMode.Prepend)
            // Akka's 128 KB frame silently drops a larger message: a replica update or gossip round of the replicated
            // keyspaces can be larger (ReplicationSettings keeps their budget under half of this). Every member, the
            // lighthouse too, must accept the same size.
            .AddHocon(FormattableString.Invariant($"akka.remote.dot-netty.tcp.maximum-frame-size = {ReplicationSettings.MaxFrameBytes}b"), HoconAddMode.Prepend);

        if (settings.Remote.Seeds.Length == 0)
        {
            // No seeds: a single node forms its own cluster. Joining SelfAddress (not a configured seed) works with port 0.
            builder.WithActors((system, _) => Cluster.Get(system).Join(Cluster.Get(system).SelfAddress));
        }

        return builder;
    }

    public static AkkaConfigurationBuilder ConfigureSerialization(this AkkaConfigurationBuilder builder) =>
        builder
            .WithCustomSerializer(
                "akkakv-events",
                [typeof(ISlotEvent), typeof(SlotSnapshot)],
                system => new KvEventSerializer(system))
            .WithCustomSerializer("akkakv-messages", KvMessageSerializer.BoundTypes, system => new KvMessageSerializer(system))
            .WithCustomSerializer("akkakv-coordination", [typeof(ICoordinationMessage)], system => new CoordinationSerializer(system))
            .WithCustomSerializer("akkakv-replica", [typeof(ReplicaMap)], system => new ReplicaSerializer(system))
            .WithCustomSerializer("akkakv-forwarding", ForwardSerializer.BoundTypes, system => new ForwardSerializer(system));

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

    public static AkkaConfigurationBuilder ConfigureSlots(this AkkaConfigurationBuilder builder, AkkaKvSettings settings)
    {
        var regionName = SlotRegion.NameFor(settings.SlotCount, settings.ShardCount, settings.Mode.ToString());
        var memory = settings.Memory.ToEvictionSettings(settings.Mode);
        return builder
            .AddHocon($"{LocalSlotsProvider.SlotCountPath} = {settings.SlotCount}\n{SlotRegion.NamePath} = \"{regionName}\"", HoconAddMode.Prepend)
            .AddHocon(LocalSlotsProvider.ToHocon(memory), HoconAddMode.Prepend)
            // A node that joins takes its share within a few rounds: up to 20 shards (or half of them) move per round,
            // a round every 2 s, instead of Akka's default of 3 per 10 s (minutes for a 3-node cluster of 128 shards).
            // A joining node reports ready only once its share has arrived (SlotWarmup), so this sets how long each
            // step of a rolling update takes.
            .AddHocon(
                """
                akka.cluster.sharding.rebalance-interval = 2s
                # After a failover, regions re-register with the new shard coordinator every second, not every 2 s.
                akka.cluster.sharding.retry-interval = 1s
                akka.cluster.sharding.least-shard-allocation-strategy.rebalance-absolute-limit = 20
                akka.cluster.sharding.least-shard-allocation-strategy.rebalance-relative-limit = 0.5
                """,
                HoconAddMode.Prepend)
            .WithShardRegion<SlotRegion>(
                regionName,
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
    }

    /// <summary>The keyspace coordinator (a cluster singleton on kv nodes, see <see cref="KeyspaceCoordinator"/>) with a
    /// proxy on this node, the actor that reports this node's slots to it, and the one that answers slot commands
    /// sharding lost in a hand-off (<see cref="LostCommandReplier"/>).</summary>
    public static AkkaConfigurationBuilder ConfigureCoordinator(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .WithSingleton<KeyspaceCoordinator>(
                KeyspaceCoordinator.SingletonName,
                KeyspaceCoordinator.PropsFor(durable: settings.Mode == StorageMode.Store),
                new ClusterSingletonOptions { Role = KvRole, TerminationMessage = KeyspaceCoordinator.Stop.Instance })
            .WithActors((system, registry) =>
            {
                var self = Cluster.Get(system).SelfAddress.ToString();
                system.ActorOf(SlotReporter.PropsFor(registry.Get<KeyspaceCoordinator>(), self, LocalSlots.For(system)), "slot-reporter");
                system.ActorOf(LostCommandReplier.Props(), "lost-command-replier");
            });

    /// <summary>Replicated keyspaces: this node's replica (the DistributedData replicator, on kv nodes only) and the
    /// settings slots read through <see cref="NodeReplication"/>.</summary>
    public static AkkaConfigurationBuilder ConfigureReplication(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .AddHocon(NodeReplicationProvider.ToHocon(settings.Replication.ToReplicaSettings()), HoconAddMode.Prepend)
            .AddHocon(
                $$"""
                akka.cluster.distributed-data {
                  # Replicas live on the nodes that own slots; majority and all count kv nodes only.
                  role = "{{KvRole}}"
                  # Deltas go out every gossip-interval / 5 (200 ms here): how long a majority write takes to reach the rest.
                  gossip-interval = 1s
                }
                """,
                HoconAddMode.Prepend)
            .WithActors((system, registry) =>
            {
                // The writer also counts this node's replica for the budget and prunes it: it runs from the start,
                // not from this node's first replicated write.
                if (NodeReplication.For(system) is { Enabled: true } replication)
                {
                    _ = replication.Writer;
                }
            });

    /// <summary>Batched forwarding of slot commands to the nodes that own the slots (<see cref="SlotForwarding"/>); this
    /// node's end of it serves the batches other nodes send here, whether or not this node forwards itself.</summary>
    public static AkkaConfigurationBuilder ConfigureForwarding(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .AddHocon(
                FormattableString.Invariant($"{SlotForwarding.ChannelPath} = {(settings.Cluster.ForwardingChannel ? "on" : "off")}\n{SlotForwarding.ChannelPortPath} = {settings.Cluster.ForwardingChannelPort}"),
                HoconAddMode.Prepend)
            .WithActors((system, registry) => SlotForwarding.For(system).Start(registry.Get<SlotRegion>()));

    /// <summary>All of the above: what a node runs.</summary>
    public static AkkaConfigurationBuilder ConfigureNode(this AkkaConfigurationBuilder builder, AkkaKvSettings settings) =>
        builder
            .ConfigureNetwork(settings)
            .ConfigureSerialization()
            .ConfigurePersistence(settings)
            .ConfigureSlots(settings)
            .ConfigureForwarding(settings)
            .ConfigureReplication(settings)
            .ConfigureCoordinator(settings);
}
