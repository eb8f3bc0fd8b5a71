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
    private readonly PostgresDatabase _postgres;

    private DrillCluster(PostgresDatabase postgres, LighthouseProcess lighthouse)
    {
        _postgres = postgres;
        Lighthouse = lighthouse;
    }

    public LighthouseProcess Lighthouse { get; }

    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    /// <summary>Creates the database, starts the lighthouse and three nodes; if any step fails, stops what did start (the
    /// caller never gets a cluster to dispose then) and rethrows.</summary>
    public static async Task<DrillCluster> StartAsync()
    {
        var postgres = new PostgresDatabase(); // first: without a configured server it throws before anything runs
        LighthouseProcess lighthouse;
        try
        {
            lighthouse = await LighthouseProcess.StartAsync();
        }
        catch
        {
            postgres.Dispose();
            throw;
        }

        var cluster = new DrillCluster(postgres, lighthouse);
        try
        {
            cluster._nodes.Add(await cluster.StartNodeAsync());
            var others = new[] { cluster.StartNodeAsync(), cluster.StartNodeAsync() };
            try
            {
                await Task.WhenAll(others);
            }
            finally
            {
                cluster._nodes.AddRange(others.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            await SlotSpread.WaitAsync(cluster._nodes, expectedOwners: 3, TimeSpan.FromSeconds(60));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
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
