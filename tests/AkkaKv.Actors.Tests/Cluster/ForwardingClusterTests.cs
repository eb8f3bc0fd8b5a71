using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace AkkaKv.Actors.Tests.Cluster;

/// <summary>Three nodes in this process on one PostgreSQL journal: commands for slots on other nodes go there in
/// batches (<see cref="SlotForwarding"/>), and a stale route still ends at the slot's owner, through the region. A and B
/// have the forward channel; C has it off, as a node of the version before it, so A reaches C over remoting.</summary>
public sealed class ForwardingClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly InProcessCluster _cluster = new();
    private IHost[] _nodes = [];

    public async Task InitializeAsync()
    {
        var a = await _cluster.StartNodeAsync(seed: null);
        var seed = InProcessCluster.Address(a);
        _nodes = [a, await _cluster.StartNodeAsync(seed), await _cluster.StartNodeAsync(seed, s => s.Cluster.ForwardingChannel = false)];
        await InProcessCluster.WaitUntilAsync(
            () => Task.FromResult(_nodes.All(n => InProcessCluster.UpMembers(n) == 3 && n.Services.GetRequiredService<SlotWarmup>().IsReady)),
            "3 nodes up and ready",
            TimeSpan.FromSeconds(60));
        // Every slot is owned somewhere, and A knows where each of the others' is.
        await InProcessCluster.WaitUntilAsync(() => Task.FromResult(AKnowsEveryRemoteSlot()), "A's routes to every remote slot", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Commands_for_other_nodes_slots_are_forwarded_and_served_there()
    {
        var a = _nodes[0];
        var sentBefore = Forwarding(a).Sent;
        var channelBefore = Forwarding(a).SentOverChannel;
        var servedBefore = Forwarding(_nodes[1]).Served + Forwarding(_nodes[2]).Served;
        var keys = Enumerable.Range(0, 300).Select(i => $"f{i}").ToList();
        var remote = keys.Count(k => Slots(a).Find(InProcessCluster.Gateway(a).Hasher.SlotOf(k)) is null);
        var onB = keys.Count(k => Slots(_nodes[1]).Find(InProcessCluster.Gateway(a).Hasher.SlotOf(k)) is not null);

        await Task.WhenAll(keys.Select(async k => Assert.IsType<WriteOk>(await InProcessCluster.Gateway(a).PutAsync(k, "v-" + k, null, null))));
        var read = await Task.WhenAll(keys.Select(k => InProcessCluster.Gateway(a).GetAsync(k).AsTask()));

        Assert.Equal(keys.Select(k => "v-" + k), read.Select(e => e?.Value));
        foreach (var node in _nodes.Skip(1))
        {
            foreach (var key in keys)
            {
                Assert.Equal("v-" + key, (await InProcessCluster.Gateway(node).GetAsync(key))?.Value);
            }
        }

        // A's writes and reads of remote slots (2 per remote key) went the fast way and were served by B and C.
        output.WriteLine($"{remote} of {keys.Count} keys remote from A; sent {Forwarding(a).Sent - sentBefore}, rerouted {Forwarding(a).Rerouted}");
        Assert.InRange(remote, 100, 280);
        Assert.True(Forwarding(a).Sent - sentBefore >= 2 * remote, $"A forwarded {Forwarding(a).Sent - sentBefore} commands for {remote} remote keys");
        Assert.True(Forwarding(_nodes[1]).Served + Forwarding(_nodes[2]).Served - servedBefore >= 2 * remote);
        // B's over the forward channel, C's (channel off) over remoting.
        var overChannel = Forwarding(a).SentOverChannel - channelBefore;
        output.WriteLine($"{onB} keys on B; {overChannel} commands over the channel");
        Assert.InRange(onB, 1, remote - 1);
        Assert.InRange(overChannel, 2 * onB, 2 * onB + 20);
        Assert.True(Forwarding(a).Sent - sentBefore - overChannel >= 2 * (remote - onB), "C's commands went over remoting");
        Assert.Equal(0, Forwarding(_nodes[2]).ChannelPort);
        // Nothing is left waiting for a reply.
        await InProcessCluster.WaitUntilAsync(() => Task.FromResult(Forwarding(a).InFlight == 0), "no forwarded command pending", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_command_sent_to_a_node_that_does_not_own_its_slot_goes_through_the_region_and_is_applied_once()
    {
        var (a, b, c) = (_nodes[0], _nodes[1], _nodes[2]);
        var gateway = InProcessCluster.Gateway(a);
        var candidates = Enumerable.Range(0, 5000).Select(i => $"stale{i}").Where(k => Slots(c).Find(gateway.Hasher.SlotOf(k)) is not null);
        var all = Enumerable.Range(0, InProcessCluster.SlotCount).ToList();
        // B and C each announce their slots every second; one landing between the wrong route being set and the sends
        // corrects some routes, and those commands never reach B. Then the round is repeated with fresh keys.
        for (var round = 0; ; round++)
        {
            var onC = candidates.Skip(20 * round).Take(20).ToList();
            // A wrongly believes B owns every slot; B answers "not here" for C's slots, and A takes the region.
            Forwarding(a).Directory.Update(Akka.Cluster.Cluster.Get(System(b)).SelfAddress, all);
            var reroutedBefore = Forwarding(a).Rerouted;

            var created = await Task.WhenAll(onC.Select(key => gateway.PutAsync(key, "v1", expectedVersion: 0, null)));
            Assert.All(created, reply => Assert.Equal(1, Assert.IsType<WriteOk>(reply).Entry!.Version));
            foreach (var key in onC)
            {
                // Exactly one create each (a second would have been refused by the compare-and-swap, or bumped the version).
                Assert.Equal(1, (await InProcessCluster.Gateway(c).GetAsync(key))?.Version);
            }

            var rerouted = Forwarding(a).Rerouted - reroutedBefore;
            output.WriteLine($"round {round}: {rerouted} of {onC.Count} rerouted");
            if (rerouted >= onC.Count)
            {
                break;
            }

            Assert.True(round < 2, $"only {rerouted} of {onC.Count} commands were rerouted, in 3 rounds");
        }
    }

    [Fact]
    public async Task When_a_node_s_forward_channel_closes_its_slots_are_reached_through_the_region()
    {
        var (a, b) = (_nodes[0], _nodes[1]);
        var bAddress = Akka.Cluster.Cluster.Get(System(b)).SelfAddress;
        Assert.True(Forwarding(a).IsChannelConnected(bAddress));

        Forwarding(b).Stop();
        await InProcessCluster.WaitUntilAsync(() => Task.FromResult(!Forwarding(a).IsChannelConnected(bAddress)), "A's channel to B closed", TimeSpan.FromSeconds(10));
        var channelBefore = Forwarding(a).SentOverChannel;
        var gateway = InProcessCluster.Gateway(a);
        var onB = Enumerable.Range(0, 2000).Select(i => $"closed{i}").Where(k => Slots(b).Find(gateway.Hasher.SlotOf(k)) is not null).Take(30).ToList();

        var written = await Task.WhenAll(onB.Select(key => gateway.PutAsync(key, "v-" + key, null, null)));

        Assert.All(written, reply => Assert.IsType<WriteOk>(reply));
        foreach (var key in onB)
        {
            Assert.Equal("v-" + key, (await InProcessCluster.Gateway(b).GetAsync(key))?.Value);
        }

        // B still announces its port, so A keeps trying to reconnect; with B's listener gone nothing goes over a channel.
        Assert.Equal(channelBefore, Forwarding(a).SentOverChannel);
        Assert.All(Enumerable.Range(0, InProcessCluster.SlotCount), slot => Assert.NotEqual(bAddress, Forwarding(a).Directory.OwnerOf(slot)));
    }

    [Fact]
    public async Task Commands_on_a_forward_channel_that_breaks_are_answered_at_once_and_reads_go_through_the_region()
    {
        var (a, b) = (_nodes[0], _nodes[1]);
        var bAddress = Akka.Cluster.Cluster.Get(System(b)).SelfAddress;
        var gateway = InProcessCluster.Gateway(a);
        var onB = Enumerable.Range(0, 2000).Select(i => $"broken{i}").Where(k => Slots(b).Find(gateway.Hasher.SlotOf(k)) is not null).Take(2).ToList();
        Assert.IsType<WriteOk>(await InProcessCluster.Gateway(b).PutAsync(onB[1], "before", null, null));
        // A's channel to B now leads to a "node" that reads everything and answers nothing.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        Forwarding(a).CloseChannel(bAddress);
        Forwarding(a).ReadyFor(bAddress, ((IPEndPoint)silent.LocalEndPoint!).Port);
        using var accepted = await silent.AcceptAsync().WaitAsync(TimeSpan.FromSeconds(10));
        // B's next announcement finds that channel connected and routes B's slots to it.
        await InProcessCluster.WaitUntilAsync(
            () => Task.FromResult(Forwarding(a).Directory.OwnerOf(gateway.Hasher.SlotOf(onB[0])) is { } owner && owner.Equals(bAddress)),
            "A routing B's slots over the silent channel",
            TimeSpan.FromSeconds(10));

        var put = gateway.PutAsync(onB[0], "lost?", null, null);
        var get = gateway.GetAsync(onB[1]).AsTask();
        await InProcessCluster.WaitUntilAsync(() => Task.FromResult(Forwarding(a).InFlight >= 2), "both commands sent", TimeSpan.FromSeconds(2));
        accepted.Close();

        // Well before the 3 s request timeout, and saying why: the write may or may not have been applied.
        var error = await Assert.ThrowsAsync<KvException>(() => put.WaitAsync(TimeSpan.FromSeconds(2)));
        Assert.Contains("broke while the request was on its way", error.Message);
        Assert.Equal("before", (await get.WaitAsync(TimeSpan.FromSeconds(2)))?.Value);
    }

    private bool AKnowsEveryRemoteSlot()
    {
        var a = _nodes[0];
        var directory = Forwarding(a).Directory;
        return Enumerable.Range(0, InProcessCluster.SlotCount).All(slot =>
            Slots(a).Find(slot) is not null || (directory.OwnerOf(slot) is { } owner && _nodes.Skip(1).Any(n => Slots(n).Find(slot) is not null && Akka.Cluster.Cluster.Get(System(n)).SelfAddress.Equals(owner))));
    }

    private static ActorSystem System(IHost node) => InProcessCluster.System(node);

    private static SlotForwarding Forwarding(IHost node) => SlotForwarding.For(System(node));

    private static LocalSlots Slots(IHost node) => LocalSlots.For(System(node));
}
