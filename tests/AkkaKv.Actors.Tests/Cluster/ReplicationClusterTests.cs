using System.Diagnostics;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Hosting;
using AkkaKv.Messages;
using AkkaKv.Replication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace AkkaKv.Actors.Tests.Cluster;

/// <summary>Three nodes (the same AddAkkaKvNode a server runs, remoting on 127.0.0.1 port 0) with the coordination
/// keyspace replicated: what a write acknowledges at majority or all is readable at local consistency on every node,
/// an update far over Akka's default 128 KB frame still arrives, and replicated keys stay readable and writable when
/// their owner leaves.</summary>
public sealed class ReplicationClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InProcessCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    /// <param name="channel">On: majority/all acknowledgements come from pushes over the forward channels; off: from
    /// DistributedData's write aggregator, over remoting. Either must give the same guarantees.</param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Majority_writes_reach_every_replica_within_the_propagation_interval_and_all_writes_at_once(bool channel)
    {
        var nodes = await StartClusterAsync(StorageMode.Store, channel);
        await WaitUntilAsync(() => Task.FromResult(!channel || nodes.All(ChannelsConnected)), "forward channels connected", TimeSpan.FromSeconds(30));
        var keys = Enumerable.Range(0, 60).Select(i => $"/_sys/config/k{i}").ToList();

        foreach (var key in keys)
        {
            Assert.IsType<WriteOk>(await Gateway(nodes[0]).PutAsync(key, "m-" + key, null, null, WriteConsistency.Majority));
        }

        // Majority: the third replica hears of it by delta propagation (every 200 ms here).
        var clock = Stopwatch.StartNew();
        await WaitUntilAsync(async () => await AllReadLocally(nodes, keys, k => "m-" + k), "majority writes readable locally on every node", TimeSpan.FromSeconds(5));
        output.WriteLine($"majority writes of {keys.Count} keys readable locally on all 3 nodes {clock.ElapsedMilliseconds} ms after the last acknowledgement");

        // All: acknowledged only once every replica has it, so a local read anywhere sees it at once.
        foreach (var key in keys)
        {
            Assert.IsType<WriteOk>(await Gateway(nodes[1]).PutAsync(key, "a-" + key, null, null, WriteConsistency.All));
            foreach (var node in nodes)
            {
                Assert.Equal("a-" + key, (await Gateway(node).GetAsync(key, ReadConsistency.Local))?.Value);
            }
        }

        // A delete at all is gone everywhere at once too (a tombstone, not a missing entry that gossip could refill).
        Assert.IsType<WriteOk>(await Gateway(nodes[2]).DeleteAsync(keys[0], null, WriteConsistency.All));
        foreach (var node in nodes)
        {
            Assert.Null(await Gateway(node).GetAsync(keys[0], ReadConsistency.Local));
            Assert.Null(await Gateway(node).GetAsync(keys[0], ReadConsistency.Majority));
        }

        // Which way the acknowledgements came: what this test checks is the way configured.
        var pushed = nodes.Sum(n => NodeReplication.For(InProcessCluster.System(n)).PushedBatches);
        var aggregated = nodes.Sum(n => NodeReplication.For(InProcessCluster.System(n)).AggregatedBatches);
        output.WriteLine($"majority/all batches: {pushed} pushed over forward channels, {aggregated} through the write aggregator");
        if (channel)
        {
            Assert.True(pushed >= 60, $"{pushed} pushed");
            Assert.Equal(0, aggregated);
        }
        else
        {
            Assert.Equal(0, pushed);
            Assert.True(aggregated >= 60, $"{aggregated} aggregated");
        }

        // A key outside the replicated keyspaces is read from its owner whatever the level asked.
        Assert.IsType<WriteOk>(await Gateway(nodes[0]).PutAsync("plain", "p", null, null, WriteConsistency.Local));
        Assert.Equal("p", (await Gateway(nodes[2]).GetAsync("plain", ReadConsistency.Local))?.Value);
    }

    [Fact]
    public async Task Updates_far_over_the_default_128_KB_frame_reach_every_replica()
    {
        var nodes = await StartClusterAsync(StorageMode.Store);
        // One value of 300 KB, and 100 writes of 4 KB at once (grouped into few updates per bucket): at Akka's default
        // maximum-frame-size both would be dropped by remoting, and the all-writes would time out.
        var big = new string('x', 300 * 1024);
        Assert.IsType<WriteOk>(await Gateway(nodes[0]).PutAsync("/_sys/big", big, null, null, WriteConsistency.All));
        var batch = Enumerable.Range(0, 100).Select(i => $"/_sys/batch/{i}").ToList();
        var value = new string('y', 4096);
        var replies = await Task.WhenAll(batch.Select(k => Gateway(nodes[1]).PutAsync(k, value, null, null, WriteConsistency.All)));
        Assert.All(replies, r => Assert.IsType<WriteOk>(r));

        foreach (var node in nodes)
        {
            Assert.Equal(big.Length, (await Gateway(node).GetAsync("/_sys/big", ReadConsistency.Local))?.Value.Length);
            Assert.True(await AllReadLocally([node], batch, _ => value));
        }
    }

    [Fact]
    public async Task Replicated_keys_stay_readable_locally_while_their_owner_leaves_and_are_writable_after()
    {
        var nodes = await StartClusterAsync(StorageMode.Cache);
        var keys = Enumerable.Range(0, 40).Select(i => $"/_sys/leases/{i}").ToList();
        foreach (var key in keys)
        {
            Assert.IsType<WriteOk>(await Gateway(nodes[0]).PutAsync(key, "v1", null, null, WriteConsistency.Majority));
        }

        await WaitUntilAsync(() => AllReadLocally(nodes, keys, _ => "v1"), "replicated everywhere", TimeSpan.FromSeconds(5));

        // C leaves while A and B keep reading locally: no read may miss.
        var leaving = nodes[2];
        var stop = leaving.StopAsync(TimeSpan.FromSeconds(30));
        var misses = 0;
        var reads = 0;
        while (!stop.IsCompleted)
        {
            foreach (var key in keys)
            {
                reads++;
                if ((await Gateway(nodes[reads % 2]).GetAsync(key, ReadConsistency.Local))?.Value != "v1")
                {
                    misses++;
                }
            }
        }

        await stop;
        output.WriteLine($"{reads} local reads during the leave, {misses} missed");
        Assert.Equal(0, misses);
        await WaitUntilAsync(() => Task.FromResult(UpMembers(nodes[0]) == 2), "C removed", TimeSpan.FromSeconds(30));

        // In cache mode nothing is journaled: the slots that moved took their replicated keys back from the replica,
        // so the owners read them linearizably, and write over them with higher versions.
        foreach (var key in keys)
        {
            var entry = await Gateway(nodes[1]).GetAsync(key, ReadConsistency.Linearizable);
            Assert.Equal("v1", entry?.Value);
            var written = Assert.IsType<WriteOk>(await Gateway(nodes[0]).PutAsync(key, "v2", entry!.Version, null, WriteConsistency.All));
            Assert.Equal(entry.Version + 1, written.Entry!.Version);
            Assert.Equal("v2", (await Gateway(nodes[1]).GetAsync(key, ReadConsistency.Local))?.Value);
        }
    }

    private async Task<IHost[]> StartClusterAsync(StorageMode mode, bool channel = true)
    {
        var a = await StartNodeAsync(seed: null, mode, channel);
        var b = await StartNodeAsync(InProcessCluster.Address(a), mode, channel);
        var c = await StartNodeAsync(InProcessCluster.Address(a), mode, channel);
        IHost[] nodes = [a, b, c];
        await WaitUntilAsync(
            () => Task.FromResult(nodes.All(n => UpMembers(n) == 3 && n.Services.GetRequiredService<SlotWarmup>().IsReady)),
            "3 nodes up and ready",
            TimeSpan.FromSeconds(60));
        return nodes;
    }

    /// <summary>Values up to 1 MiB (the 300 KB one).</summary>
    private Task<IHost> StartNodeAsync(string? seed, StorageMode mode, bool channel) =>
        _cluster.StartNodeAsync(seed, settings =>
        {
            settings.Mode = mode;
            settings.Cluster.ForwardingChannel = channel;
            settings.Limits = new LimitSettings { MaxValueBytes = 1024 * 1024 };
        });

    private static async Task<bool> AllReadLocally(IEnumerable<IHost> nodes, IReadOnlyList<string> keys, Func<string, string> expected)
    {
        foreach (var node in nodes)
        {
            foreach (var key in keys)
            {
                if ((await Gateway(node).GetAsync(key, ReadConsistency.Local))?.Value != expected(key))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int UpMembers(IHost node) => InProcessCluster.UpMembers(node);

    /// <summary>This node's forward channels to both other nodes are up (they connect once those announce their slots).</summary>
    private static bool ChannelsConnected(IHost node)
    {
        var system = InProcessCluster.System(node);
        var self = Akka.Cluster.Cluster.Get(system).SelfAddress;
        var forwarding = SlotForwarding.For(system);
        return Akka.Cluster.Cluster.Get(system).State.Members.Where(m => m.Address != self).All(m => forwarding.IsChannelConnected(m.Address));
    }

    private static KvGateway Gateway(IHost node) => InProcessCluster.Gateway(node);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout) =>
        InProcessCluster.WaitUntilAsync(condition, what, timeout);
}
