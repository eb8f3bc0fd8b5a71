using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Coordination;
using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests;

/// <summary>Everything the keyspace coordinator receives, answers and journals goes through its binary serializer and
/// comes back equal (lists compared by content: record equality on lists is by reference).</summary>
public sealed class CoordinationSerializerTests
{
    private static readonly KeyspaceConfig Config = new(1024, 128, "Store");

    public static TheoryData<ICoordinationMessage> Messages() =>
    [
        new RegisterNode("akka.tcp://akkakv@10.0.0.7:4053", Config),
        new NodeAccepted(Config, 1_800_000_000_000),
        new NodeRefused("this node is configured with 512 slots ✗"),
        new SlotsReport("akka.tcp://akkakv@n1:4053", [new SlotStatus(0, 10, 99, 4096), new SlotStatus(1023, 0, 0)]),
        new SlotsReport("akka.tcp://akkakv@n1:4053", []),
        GetKeyspaceView.Instance,
        new KeyspaceView(Config, 5, [new SlotOwnership(0, "a", 1, 2, 300), new SlotOwnership(1, null, 0, 0)]),
        new KeyspaceView(null, 0, []),
        new KeyspaceBorn(Config, 123),
        new SlotOwnerChanged(7, "akka.tcp://akkakv@n2:4053"),
        new SlotOwnerChanged(7, null),
        new CoordinatorSnapshot(Config, 9, ["a", null, "b"]),
        new CoordinatorSnapshot(null, 0, []),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public async Task Akka_picks_the_coordination_serializer_and_it_round_trips(ICoordinationMessage message)
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });

        var serializer = node.System.Serialization.FindSerializerFor(message);
        Assert.IsType<CoordinationSerializer>(serializer);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = node.System.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, manifest);

        Assert.Equal(Flatten(message), Flatten(back));
    }

    [Fact]
    public async Task A_slot_report_from_a_node_without_byte_counts_still_reads_with_zero_bytes()
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });
        // The first format (SR1), as a node of the previous version sends it during a rolling upgrade.
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write("akka.tcp://akkakv@n1:4053");
            w.Write((byte)2); // one slot: the count is a zigzag varint, 1 → 2
            w.Write(5);
            w.Write(12);
            w.Write(34L);
        }

        var back = node.System.Serialization.Deserialize(stream.ToArray(), CoordinationSerializer.Id, "SR1");

        var report = Assert.IsType<SlotsReport>(back);
        Assert.Equal(new SlotStatus(5, 12, 34, 0), Assert.Single(report.Slots));
    }

    [Fact]
    public async Task A_slot_report_with_byte_counts_keeps_the_first_format_in_front_for_older_nodes()
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });
        var report = new SlotsReport("akka.tcp://akkakv@n1:4053", [new SlotStatus(5, 12, 34, 4096)]);
        var serializer = node.System.Serialization.FindSerializerFor(report);

        Assert.Equal("SR1", Akka.Serialization.Serialization.ManifestFor(serializer, report));
        // What a node of the previous version reads: the first-format fields, in order; the sizes follow them.
        using var r = new BinaryReader(new MemoryStream(serializer.ToBinary(report)), System.Text.Encoding.UTF8);
        Assert.Equal("akka.tcp://akkakv@n1:4053", r.ReadString());
        Assert.Equal(2, r.ReadByte()); // one slot, as a zigzag varint
        Assert.Equal((5, 12, 34L), (r.ReadInt32(), r.ReadInt32(), r.ReadInt64()));
        Assert.True(r.BaseStream.Position < r.BaseStream.Length);
    }

    [Fact]
    public async Task The_replicated_prefixes_round_trip_in_every_message_that_carries_the_configuration()
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });
        var config = Config with { ReplicatedPrefixes = ["/_sys/", "/cfg/"] };
        object[] messages =
        [
            new RegisterNode("a", config), new NodeAccepted(config, 1), new KeyspaceBorn(config, 2),
            new KeyspaceView(config, 3, [new SlotOwnership(0, "a", 1, 2, 3)]), new CoordinatorSnapshot(config, 4, ["a"]),
        ];

        foreach (var message in messages)
        {
            var serializer = node.System.Serialization.FindSerializerFor(message);
            var back = node.System.Serialization.Deserialize(
                serializer.ToBinary(message), serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
            var backConfig = back switch
            {
                RegisterNode r => r.Config,
                NodeAccepted a => a.Config,
                KeyspaceBorn b => b.Config,
                KeyspaceView v => v.Config,
                CoordinatorSnapshot s => s.Config,
                _ => null,
            };
            Assert.Equal(config, backConfig);
            Assert.Equal(["/_sys/", "/cfg/"], backConfig!.ReplicatedPrefixes!);
        }
    }

    [Fact]
    public async Task A_birth_record_journaled_before_replication_reads_with_no_prefixes_and_accepts_any()
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });
        // KB1 as the previous version journaled it: the configuration and the time, nothing after.
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            w.Write(1024);
            w.Write(128);
            w.Write("Store");
            w.Write(77L);
        }

        var born = Assert.IsType<KeyspaceBorn>(node.System.Serialization.Deserialize(stream.ToArray(), CoordinationSerializer.Id, "KB1"));

        Assert.Null(born.Config.ReplicatedPrefixes);
        Assert.Null((Config with { ReplicatedPrefixes = ["/_sys/"] }).MismatchWith(born.Config));
    }

    /// <summary>A comparable form: the record's text with its lists spelled out.</summary>
    private static string Flatten(object message) => message switch
    {
        SlotsReport r => $"{r.Address}|{string.Join(",", r.Slots)}",
        KeyspaceView v => $"{v.Config}|{v.BornAtMs}|{string.Join(",", v.Slots)}",
        CoordinatorSnapshot s => $"{s.Config}|{s.BornAtMs}|{string.Join(",", s.Owners.Select(o => o ?? "-"))}",
        _ => message.ToString()!,
    };
}
