using AkkaKv.Server.Tests.Cluster;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Management;

/// <summary>A lighthouse and two cache-mode nodes on 127.0.0.1, each with its management endpoint on a port of its own,
/// the nodes' guarded by <see cref="Token"/>; the slots spread over both nodes before any test runs. Stopped by PID.</summary>
public sealed class ManagedCluster : IAsyncLifetime
{
    public const string Token = "t0k3n";

    private readonly List<TempDir> _dirs = [];

    public LighthouseProcess Lighthouse { get; private set; } = null!;

    public List<ServerProcess> Nodes { get; } = [];

    /// <summary>The nodes' Akka addresses (akka.tcp://akkakv@127.0.0.1:PORT), in the order of <see cref="Nodes"/>.</summary>
    public List<string> NodeAddresses { get; } = [];

    /// <summary>host:port of a member's management endpoint, as the command line takes it.</summary>
    public static string Target(int port) => $"127.0.0.1:{port}";

    public async Task InitializeAsync()
    {
        Lighthouse = await LighthouseProcess.StartAsync();
        // One after the other: the first is the oldest kv member, so it hosts the shard coordinator.
        Nodes.Add(await StartNodeAsync());
        Nodes.Add(await StartNodeAsync());
        await SlotSpread.WaitAsync(Nodes, expectedOwners: 2, TimeSpan.FromSeconds(60));
        foreach (var node in Nodes)
        {
            using var self = System.Text.Json.JsonDocument.Parse(await node.Http.GetStringAsync("/v1/admin/node"));
            NodeAddresses.Add(self.RootElement.GetProperty("address").GetString()!);
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (Lighthouse is not null)
        {
            await Lighthouse.DisposeAsync();
        }

        _dirs.ForEach(dir => dir.Dispose());
    }

    /// <summary>Starts one more node in this cluster (disposed with it); the caller waits for what it needs.</summary>
    public async Task<ServerProcess> AddNodeAsync()
    {
        var node = await StartNodeAsync();
        Nodes.Add(node);
        return node;
    }

    private Task<ServerProcess> StartNodeAsync()
    {
        var dir = new TempDir();
        _dirs.Add(dir);
        return ServerProcess.StartAsync(dir.Path, "--AkkaKv:Mode=Cache", $"--AkkaKv:Remote:Seeds:0={Lighthouse.Address}",
            $"--AkkaKv:Management:Token={Token}");
    }
}

/// <summary>One <see cref="ManagedCluster"/> shared by the management API and command-line tests, which then run one
/// class after the other (a cluster of three processes takes ~15 s to start).</summary>
[CollectionDefinition(Name)]
public sealed class ManagedClusterCollection : ICollectionFixture<ManagedCluster>
{
    public const string Name = "managed cluster";
}
