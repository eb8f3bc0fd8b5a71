using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>What the failover drills run against: a lighthouse and three store-mode nodes on one fresh PostgreSQL
/// database, the first started alone (so it is the oldest kv member and hosts the shard coordinator), and the slots
/// spread over all three before a drill begins. Disposing stops every process and removes every directory and the
/// database.</summary>
public sealed class DrillCluster : IAsyncDisposable
{
    private readonly List<TempDir> _dirs = [];
    private readonly List<ServerProcess> _nodes = [];
    private readonly PostgresDatabase _postgres = new();

    private DrillCluster(LighthouseProcess lighthouse)
    {
        Lighthouse = lighthouse;
    }

    public LighthouseProcess Lighthouse { get; }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    public static async Task<DrillCluster> StartAsync()
    {
        var cluster = new DrillCluster(await LighthouseProcess.StartAsync());
        cluster._nodes.Add(await cluster.StartNodeAsync());
        cluster._nodes.AddRange(await Task.WhenAll(cluster.StartNodeAsync(), cluster.StartNodeAsync()));
        await SlotSpread.WaitAsync(cluster._nodes, expectedOwners: 3, TimeSpan.FromSeconds(60));
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Lighthouse.DisposeAsync();
        _dirs.ForEach(dir => dir.Dispose());
        _postgres.Dispose();
    }

    private async Task<ServerProcess> StartNodeAsync()
    {
        var dir = new TempDir();
        lock (_dirs)
        {
            _dirs.Add(dir);
        }

        return await ServerProcess.StartAsync(
            dir.Path,
            $"--AkkaKv:Remote:Seeds:0={Lighthouse.Address}",
            "--AkkaKv:Journal:Provider=PostgreSql",
            $"--AkkaKv:Journal:ConnectionString={_postgres.ConnectionString}");
    }
}
