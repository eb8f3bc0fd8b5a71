using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using AkkaKv.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Actors.Coordination;

/// <summary>Registers this node with the keyspace coordinator before it takes traffic. A node whose slot count, shard
/// count or mode differs from the cluster's is refused: it logs why and stops, rather than misroute keys.</summary>
public sealed class NodeRegistration(IServiceProvider services, AkkaKvSettings settings, ILogger<NodeRegistration> log)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public KeyspaceConfig Config { get; } = new(
        settings.SlotCount, settings.ShardCount, settings.Mode.ToString(), settings.Replication.ToReplicaSettings().Keyspaces.Prefixes);

    /// <summary>True once accepted; false when refused (the host is then stopping) or cancelled.</summary>
    public async Task<bool> RegisterAsync(CancellationToken cancel)
    {
        var coordinator = await services.GetRequiredService<IRequiredActor<KeyspaceCoordinator>>().GetAsync(cancel);
        var system = services.GetRequiredService<ActorSystem>();
        var request = new RegisterNode(Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(), Config);
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                switch (await coordinator.Ask<ICoordinationMessage>(request, AskTimeout, cancel))
                {
                    case NodeAccepted:
                        return true;
                    case NodeRefused refused:
                        log.LogCritical("this node cannot join the cluster: {Reason}", refused.Reason);
                        Environment.ExitCode = 2;
                        services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
                        return false;
                }
            }
            catch (AskTimeoutException)
            {
                // The singleton is still starting (or moving to another node): its proxy buffers, but may time out.
                log.LogInformation("keyspace coordinator not reachable yet; retrying registration");
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return false;
    }
}
