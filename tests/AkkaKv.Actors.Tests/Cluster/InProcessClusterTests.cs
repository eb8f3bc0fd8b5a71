using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.Coordination;
using AkkaKv.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace AkkaKv.Actors.Tests.Cluster;

/// <summary>Three nodes (each the same AddAkkaKvNode a server runs, remoting on 127.0.0.1 port 0) form a cluster on one
/// PostgreSQL journal: keys written through one node are read through the others, slots spread over the nodes, and a
/// node that leaves gracefully hands its slots over with their data.</summary>
public sealed class InProcessClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int SlotCount = InProcessCluster.SlotCount;
    private const int ShardCount = InProcessCluster.ShardCount;
    private readonly InProcessCluster _cluster = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Keys_written_through_one_node_are_read_through_the_others_and_survive_a_graceful_leave()
    {
        var a = await StartNodeAsync(seed: null);
        var seed = Address(a);
        var b = await StartNodeAsync(seed);
        var c = await StartNodeAsync(seed);
        await WaitUntil(() => new[] { a, b, c }.All(n => UpMembers(n) == 3 && n.Services.GetRequiredService<SlotWarmup>().IsReady), "3 nodes up and ready");

        var keys = Enumerable.Range(0, 200).Select(i => $"k{i}").ToList();
        foreach (var key in keys)
        {
            Assert.IsType<WriteOk>(await Gateway(a).PutAsync(key, "v-" + key, null, null));
        }

        foreach (var node in new[] { b, c })
        {
            foreach (var key in keys)
            {
                Assert.Equal("v-" + key, (await Gateway(node).GetAsync(key))?.Value);
            }
        }

        // The coordinator's map: the keyspace the cluster was born with, and every slot owned by one of the three.
        var addresses = new[] { a, b, c }.Select(Address).ToHashSet();
        var view = await WaitForView(b, v => v.Slots.All(s => s.Owner is not null) && v.Slots.Select(s => s.Owner).Distinct().Count() == 3,
            "slots spread over all three nodes");
        Assert.Equal(new KeyspaceConfig(SlotCount, ShardCount, "Store", ["/_sys/"]), view.Config);
        Assert.All(view.Slots, s => Assert.Contains(s.Owner!, addresses));
        output.WriteLine(string.Join(", ", view.Slots.GroupBy(s => s.Owner).Select(g => $"{g.Key}: {g.Count()} slots")));

        // C leaves gracefully: its slots move to A and B, recovering from the shared journal.
        var leaving = Address(c);
        await c.StopAsync(TimeSpan.FromSeconds(30));
        await WaitUntil(() => UpMembers(a) == 2 && UpMembers(b) == 2, "C removed");
        foreach (var node in new[] { a, b })
        {
            foreach (var key in keys)
            {
                Assert.Equal("v-" + key, (await Gateway(node).GetAsync(key))?.Value);
            }
        }

        view = await WaitForView(a, v => v.Slots.All(s => s.Owner is not null && s.Owner != leaving), "C's slots reported by A and B");
        Assert.Equal(200, view.Slots.Sum(s => s.Keys));
    }

    [Fact]
    public async Task A_node_with_another_slot_count_is_refused_and_stops()
    {
        var a = await StartNodeAsync(seed: null);
        await WaitUntil(() => a.Services.GetRequiredService<SlotWarmup>().IsReady, "first node ready");

        var other = await StartNodeAsync(Address(a), slotCount: SlotCount * 2);
        var lifetime = other.Services.GetRequiredService<IHostApplicationLifetime>();
        await WaitUntil(() => lifetime.ApplicationStopping.IsCancellationRequested, "the mismatched node stopping");
        Assert.False(other.Services.GetRequiredService<SlotWarmup>().IsReady);

        // The first node is unaffected: its keyspace still answers.
        Assert.IsType<WriteOk>(await Gateway(a).PutAsync("still", "here", null, null));
        var view = await Coordinator(a).Ask<KeyspaceView>(GetKeyspaceView.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(SlotCount, view.Config!.SlotCount);
    }

    private Task<IHost> StartNodeAsync(string? seed, int slotCount = SlotCount) =>
        _cluster.StartNodeAsync(seed, settings => settings.SlotCount = slotCount);

    private static string Address(IHost node) => InProcessCluster.Address(node);

    private static int UpMembers(IHost node) => InProcessCluster.UpMembers(node);

    private static KvGateway Gateway(IHost node) => InProcessCluster.Gateway(node);

    private static IActorRef Coordinator(IHost node) => node.Services.GetRequiredService<IRequiredActor<KeyspaceCoordinator>>().ActorRef;

    private static async Task<KeyspaceView> WaitForView(IHost node, Func<KeyspaceView, bool> condition, string what)
    {
        KeyspaceView? last = null;
        await WaitUntilAsync(async () =>
        {
            last = await Coordinator(node).Ask<KeyspaceView>(GetKeyspaceView.Instance, TimeSpan.FromSeconds(5));
            return condition(last);
        }, what);
        return last!;
    }

    private static Task WaitUntil(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        InProcessCluster.WaitUntilAsync(condition, what, TimeSpan.FromSeconds(60));
}
