using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Cluster;
using AkkaKv.Actors.Hosting;
using static Akka.Cluster.ClusterEvent;

namespace AkkaKv.Lighthouse.Tests;

/// <summary>Lighthouses and members as ActorSystems in this process on 127.0.0.1; one class, so its tests run one at a time.</summary>
public sealed class LighthouseClusterTests
{
    [Fact]
    public async Task A_kv_member_joins_through_the_lighthouse_and_both_see_each_other_up()
    {
        var port = TestMember.FreePorts(1)[0];
        var address = TestMember.AddressOf(port);
        await using var lighthouse = await TestMember.StartLighthouseAsync(port);
        await using var member = await TestMember.StartKvMemberAsync(address);

        await Eventually.True(() => UpCount(lighthouse) == 2 && UpCount(member) == 2, "both members Up, seen from both");

        Assert.Equal(address, lighthouse.Cluster.SelfAddress.ToString());
        var lighthouseSeen = Assert.Single(member.Cluster.State.Members, m => m.Address.Equals(lighthouse.Cluster.SelfAddress));
        Assert.Contains(AkkaConfiguration.LighthouseRole, lighthouseSeen.Roles);
        Assert.DoesNotContain(AkkaConfiguration.KvRole, lighthouseSeen.Roles);
        var memberSeen = Assert.Single(lighthouse.Cluster.State.Members, m => m.Address.Equals(member.Cluster.SelfAddress));
        Assert.Contains(AkkaConfiguration.KvRole, memberSeen.Roles);

        await Eventually.True(() => lighthouse.Log.Lines.Contains($"lighthouse {address} up; seeds: {address}"), "the lighthouse's up line");
        await Eventually.True(
            () => lighthouse.Log.Lines.Contains($"member up: {member.Cluster.SelfAddress} [kv]"),
            "the member's up line on the lighthouse");

        await member.StopAsync();
        await lighthouse.StopAsync();
        Assert.True(member.System.WhenTerminated.IsCompleted);
        Assert.True(lighthouse.System.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task Stopping_the_lighthouse_host_leaves_the_cluster_gracefully()
    {
        var port = TestMember.FreePorts(1)[0];
        await using var lighthouse = await TestMember.StartLighthouseAsync(port);
        await using var member = await TestMember.StartKvMemberAsync(TestMember.AddressOf(port));
        await Eventually.True(() => UpCount(lighthouse) == 2 && UpCount(member) == 2, "both members Up");
        var removed = new ConcurrentQueue<MemberRemoved>();
        member.System.ActorOf(Props.Create(() => new RemovedRecorder(removed)));

        // What SIGTERM does: the generic host stops, and Akka.Hosting runs CoordinatedShutdown.
        await lighthouse.StopAsync();

        await Eventually.True(() => !removed.IsEmpty, "the lighthouse removed, seen from the member");
        var gone = Assert.Single(removed);
        Assert.Equal(lighthouse.Cluster.SelfAddress, gone.Member.Address);
        // Exiting, not Down: it left, it was not downed by the Split Brain Resolver.
        Assert.Equal(MemberStatus.Exiting, gone.PreviousStatus);
        Assert.Contains($"member leaving: {lighthouse.Cluster.SelfAddress}", lighthouse.Log.Lines);
        Assert.Equal(1, UpCount(member));
    }

    [Fact]
    public async Task Two_lighthouses_seeding_each_other_form_one_cluster()
    {
        var ports = TestMember.FreePorts(2);
        var seeds = string.Join(",", ports.Select(TestMember.AddressOf));
        var starting = ports.Select(port => TestMember.StartLighthouseAsync(port, seeds)).ToList();
        try
        {
            var lighthouses = await Task.WhenAll(starting);

            await Eventually.True(() => lighthouses.All(lighthouse => UpCount(lighthouse) == 2), "both lighthouses Up in one cluster");

            await using var member = await TestMember.StartKvMemberAsync(TestMember.AddressOf(ports[1]));
            await Eventually.True(() => UpCount(lighthouses[0]) == 3 && UpCount(member) == 3, "a member joined through the second lighthouse");
        }
        finally
        {
            foreach (var started in starting.Where(task => task.IsCompletedSuccessfully))
            {
                await (await started).DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_lighthouse_serializes_messages_as_a_node_does()
    {
        var port = TestMember.FreePorts(1)[0];
        await using var lighthouse = await TestMember.StartLighthouseAsync(port);
        await using var node = await TestMember.StartNodeAsync();

        object[] messages =
        [
            new AkkaKv.Slots.ValueSet("k", "v", 1, 1, null),
            new AkkaKv.Slots.KeyDeleted("k", 2),
            new AkkaKv.Slots.SlotSnapshot(2, [new AkkaKv.Slots.KvEntry("k", "v", 1, 1, null)]),
            new AkkaKv.Messages.GetKey(7, "k"),
            new AkkaKv.Messages.PutKey(7, "k", "v", null, null),
            new AkkaKv.Messages.GetReply(null),
            new AkkaKv.Messages.KeyNotFound("k"),
        ];
        foreach (var message in messages)
        {
            var onLighthouse = lighthouse.System.Serialization.FindSerializerFor(message);
            var onNode = node.System.Serialization.FindSerializerFor(message);
            Assert.Equal(onNode.GetType(), onLighthouse.GetType());
            Assert.Equal(onNode.Identifier, onLighthouse.Identifier);
        }

        // Bytes the lighthouse writes, a node reads.
        var set = new AkkaKv.Slots.ValueSet("k", "välue", 3, 42, 1_800_000_000_000);
        var serializer = lighthouse.System.Serialization.FindSerializerFor(set);
        var bytes = serializer.ToBinary(set);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, set);
        Assert.Equal(set, node.System.Serialization.Deserialize(bytes, serializer.Identifier, manifest));
    }

    private static int UpCount(TestMember member) => member.Cluster.State.Members.Count(m => m.Status == MemberStatus.Up);

    private sealed class RemovedRecorder : ReceiveActor
    {
        public RemovedRecorder(ConcurrentQueue<MemberRemoved> removed)
        {
            Receive<MemberRemoved>(removed.Enqueue);
            ReceiveAny(_ => { });
        }

        protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self, typeof(MemberRemoved));
    }
}
