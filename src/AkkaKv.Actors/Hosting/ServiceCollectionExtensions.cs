using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Slots;
using AkkaKv.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaKv.Actors.Hosting;

public static class ServiceCollectionExtensions
{
    /// <summary>The ActorSystem of a node, the gateway front ends use, the slot warm-up, and the health checks.</summary>
    /// <param name="configure">Extra Akka set-up applied after the node's own (benchmarks compare alternatives with it).</param>
    public static IServiceCollection AddAkkaKvNode(this IServiceCollection services, AkkaKvSettings settings, Action<AkkaConfigurationBuilder>? configure = null)
    {
        UnsafeSettings.ThrowIfAny(settings);
        settings.Replication.ToReplicaSettings(); // refuses bad replication settings here, in one line
        DowningStrategies.ToOption(settings.Cluster); // refuses a bad strategy here, in one line, not inside Akka's start-up
        if (settings.Mode == StorageMode.Store && settings.Journal.Provider == JournalProvider.Sqlite)
        {
            KeyspaceGuard.CheckOrCreate(settings.DataDir, settings.SlotCount);
        }

        services.AddSingleton(settings);
        services.AddSingleton<RuntimeConfig>();
        services.AddAkka(AkkaConfiguration.SystemName, (builder, _) =>
        {
            builder
                .ConfigureNode(settings)
                .WithActorSystemLivenessCheck(tags: [HealthTags.Live])
                .WithAkkaClusterReadinessCheck(tags: [HealthTags.Ready]);
            configure?.Invoke(builder);
        });
        services.AddSingleton(sp => new KvGateway(
            RouteToSlots(sp.GetRequiredService<ActorSystem>(), sp.GetRequiredService<IRequiredActor<SlotRegion>>().ActorRef, settings),
            LocalSlots.For(sp.GetRequiredService<ActorSystem>()),
            new SlotHasher(settings.SlotCount),
            settings.Limits.ToKeyLimits(),
            settings.RequestTimeout,
            NodeReplication.For(sp.GetRequiredService<ActorSystem>())));
        services.AddSingleton<NodeRegistration>();
        services.AddSingleton<SlotWarmup>();
        services.AddHostedService(sp => sp.GetRequiredService<SlotWarmup>());
        services.AddHealthChecks()
            .AddCheck<SlotsReadyHealthCheck>("slots-ready", tags: [HealthTags.Ready])
            .AddCheck<ServingHealthCheck>("serving", tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>How the gateway reaches slots on other nodes: batched forwarding, or the shard region when it is off.</summary>
    private static IActorRef RouteToSlots(ActorSystem system, IActorRef region, AkkaKvSettings settings) =>
        settings.Cluster.Forwarding ? SlotForwarding.For(system).Route(region) : region;
}
