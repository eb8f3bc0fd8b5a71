using System.Text.Json;

namespace AkkaKv.Server.Tests.Management;

/// <summary><c>akkakv cluster leave</c> as a preStop hook or an operator runs it: the node leaves gracefully, exits,
/// disappears from <c>cluster show</c>, and its shards move to the nodes that remain. A third node is added for this and
/// leaves again, so the shared cluster is as before afterwards.</summary>
[Trait("Category", "Cluster")]
[Collection(ManagedClusterCollection.Name)]
public sealed class ClusterLeaveCliTests(ManagedCluster cluster)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_node_told_to_leave_exits_disappears_from_cluster_show_and_its_shards_move()
    {
        var leaver = await cluster.AddNodeAsync();
        using var self = JsonDocument.Parse(await leaver.Http.GetStringAsync("/v1/admin/node"));
        var leaverAddress = self.RootElement.GetProperty("address").GetString()!;
        var nodeA = ManagedCluster.Target(cluster.Nodes[0].ManagementPort);
        await WaitAsync(async () => (await ShardsByRegionAsync(nodeA)).GetValueOrDefault(leaverAddress) > 0, "the new node to host shards");

        // Through another node, naming the leaver by host:port as an operator would type it.
        var hostPort = leaverAddress["akka.tcp://akkakv@".Length..];
        var leave = await AkkaKvCli.RunAsync(nodeA, "cluster", "leave", hostPort, "--token", ManagedCluster.Token);
        Assert.Equal(0, leave.ExitCode);
        Assert.Contains(leaverAddress, leave.StandardOutput, StringComparison.Ordinal);

        // Unready while it is still up and answering, so Kubernetes takes it out of its Services before it exits.
        Assert.True(await TurnsUnreadyBeforeExitAsync(leaver), "the leaving node never answered /healthz/ready with 503");
        Assert.Equal(0, await leaver.WaitForExitAsync(Settle));
        var others = new[] { cluster.Lighthouse.ManagementPort, cluster.Nodes[0].ManagementPort, cluster.Nodes[1].ManagementPort };
        await WaitAsync(async () =>
        {
            foreach (var port in others)
            {
                var show = await AkkaKvCli.RunAsync(ManagedCluster.Target(port), "cluster", "show", "--json");
                using var members = JsonDocument.Parse(show.StandardOutput);
                if (members.RootElement.GetProperty("members").EnumerateArray().Any(m => m.GetProperty("address").GetString() == leaverAddress))
                {
                    return false;
                }
            }

            return true;
        }, "every member to drop the leaver from cluster show");
        await WaitAsync(async () =>
        {
            var shards = await ShardsByRegionAsync(nodeA);
            return !shards.ContainsKey(leaverAddress) && shards.Values.Sum() == 128;
        }, "all 128 shards to be hosted by the two remaining nodes");
        // The shared cluster as the other tests expect it: every slot owned again, by the two nodes.
        await AkkaKv.Server.Tests.Cluster.SlotSpread.WaitAsync(cluster.Nodes.Take(2).ToList(), expectedOwners: 2, Settle);
    }

    private static async Task<bool> TurnsUnreadyBeforeExitAsync(ServerProcess node)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (!node.HasExited && DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await node.Http.GetAsync("/healthz/ready");
                if (ready.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                return false; // stopped listening without ever being unready
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Shards per region address, from <c>akkakv cluster-sharding shard-stats --json</c>.</summary>
    private static async Task<Dictionary<string, int>> ShardsByRegionAsync(string target)
    {
        var stats = await AkkaKvCli.RunAsync(target, "cluster-sharding", "shard-stats", "-r", "kv", "--json");
        Assert.Equal(0, stats.ExitCode);
        using var document = JsonDocument.Parse(stats.StandardOutput);
        return document.RootElement.GetProperty("regions").EnumerateArray()
            .ToDictionary(r => r.GetProperty("address").GetString()!, r => r.GetProperty("shards").GetArrayLength());
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"timed out waiting for {what}");
    }
}
