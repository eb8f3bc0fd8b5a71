using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaKv.Actors.Tests;

public sealed class KvMessageSerializerTests(KvMessageSerializerTests.Node node) : IClassFixture<KvMessageSerializerTests.Node>
{
    private static readonly KvEntry Entry = new("user:{42}:name", "välue ✓", 3, 42, null);
    private static readonly KvEntry ExpiringEntry = new("k", "", 1, 1, 1_800_000_000_000);

    /// <summary>One sample (or more, for edge values) of every message type the serializer covers.</summary>
    public static TheoryData<object> Messages() =>
    [
        new WithConsistency(new PutKey(3, "/_sys/a", "v", 2, 1_800_000_000_000), AkkaKv.Replication.WriteConsistency.All),
        new WithConsistency(new DeleteKey(4, "/_sys/b", null), AkkaKv.Replication.WriteConsistency.Local),
        // Routed to a slot.
        new GetKey(0, "k"),
        new PutKey(1023, "k", "välue ✓", ExpectedVersion: 0, ExpiresAtMs: 1_800_000_000_000, KeepTtl: false),
        new PutKey(7, "", "", ExpectedVersion: null, ExpiresAtMs: null, KeepTtl: true),
        new DeleteKey(5, "k", 12),
        new DeleteKey(5, "k", null),
        new ScanSlot(3, "user:", "user:9", 100),
        new ScanSlot(3, "", null, 0),
        new PingSlot(16383),
        new MatchKeys(2, "user:*"),
        new PickRandomKey(9),
        new ClearSlot(4),
        new RunOps(8, [new SetOp("a", "1", ExpiryChange.Clear), new GetOp("a"), new SetRangeOp("a", 2, [0xE2, 0x9C, 0x93], 512)]),
        new RunOps(8, [new WatchOp("w")], [new WatchedKey("w", 17, 40), new WatchedKey("x", null, 40)]),
        new RunOps(8, [], []),
        new WatchedKey("w", null, 0),

        // Ops.
        new SetOp("k", "v", ExpiryChange.At(1_800_000_000_000), SetCondition.IfAbsent, ReturnOld: true),
        new SetOp("k", "v", ExpiryChange.KeepCurrent, SetCondition.IfPresent),
        new SetOp("k", "v", ExpiryChange.Clear),
        new MSetNxOp([KeyValuePair.Create("{t}a", "1"), KeyValuePair.Create("{t}b", "ü")]),
        new IncrementOp("n", long.MinValue),
        new IncrementOp("n", -1),
        new IncrementFloatOp("f", 0.1),
        new IncrementFloatOp("f", double.NaN),
        new IncrementFloatOp("f", -double.Epsilon),
        new IncrementFloatOp("f", 1.2345678901234568, "1.23456789012345678"),
        new AppendOp("k", "tail ✓", 512 * 1024 * 1024),
        new SetRangeOp("k", long.MaxValue, [], int.MaxValue),
        new ExpireOp("k", 1_800_000_000_000, ExpireCondition.IfAny | ExpireCondition.IfLater),
        new ExpireOp("k", -5),
        new PersistOp("k"),
        new DeleteOp("k"),
        new GetDeleteOp("k"),
        new GetExpireOp("k", ExpiryChange.At(123)),
        new GetExpireOp("k", ExpiryChange.KeepCurrent),
        new GetExpireOp("k", null),
        new RenameOp("{t}a", "{t}b", OnlyIfAbsent: true),
        new GetOp("k"),
        new StrlenOp("k"),
        new ExistsOp("k"),
        new TypeOp("k"),
        new GetRangeOp("k", 0, -100),
        new TtlOp("k", TtlUnit.Milliseconds, Absolute: true),
        new TtlOp("k", TtlUnit.Seconds, Absolute: false),
        new EncodingOp("k"),
        new RefCountOp("k"),
        new IdleTimeOp("k"),
        new FrequencyOp("k", 1),
        new WatchOp("k"),

        // Replies.
        new GetReply(Entry),
        new GetReply(null),
        new ScanReply([Entry, ExpiringEntry], More: true),
        new ScanReply([], More: false),
        new KeysReply(["a", "b ✓", ""]),
        new KeysReply([]),
        new SlotReady(12, 3456, 789_000),
        new SlotMoved(1023),
        new WriteOk("k", ExpiringEntry, 99),
        new WriteOk("k", null, 100),
        new VersionMismatch("k", 0),
        new KeyNotFound("k"),
        new WriteFailed("k", "the journal rejected the write"),
        new OpsDone(
        [
            OpResult.Ok, OpResult.Nil, OpResult.Of(-2), OpResult.Of(long.MaxValue), OpResult.Value("välue"),
            OpResult.Raw([0xE2, 0x9C]), OpResult.Status("string"), OpResult.Error(OpErrors.NotInteger),
            new OpResult(OpResultKind.Ok, Payload: new WatchedKey("w", 5, 6)),
        ]),
        new OpsDone([]),
        OpsAborted.Instance,
        new OpsFailed("the outcome is unknown"),
    ];

    [Theory]
    [MemberData(nameof(Messages))]
    public void Akka_picks_the_message_serializer_and_it_round_trips(object message)
    {
        var serialization = node.System.Serialization;

        var serializer = serialization.FindSerializerFor(message);
        Assert.IsType<KvMessageSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = serialization.Deserialize(bytes, serializer.Identifier, manifest);

        AssertSameMessage(message, back);
    }

    [Fact]
    public void Every_routed_message_op_and_reply_has_a_manifest_and_is_bound()
    {
        var contracts = typeof(IWithSlot).Assembly;
        var mustCover = contracts.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false, IsClass: true }
                && !t.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), inherit: false)
                && (typeof(IWithSlot).IsAssignableFrom(t)
                    || typeof(IWriteReply).IsAssignableFrom(t)
                    || t.IsSubclassOf(typeof(SlotOp))
                    // Replies with no common base, and anything else a slot sends or receives, live here.
                    || (t.Namespace == typeof(IWithSlot).Namespace && !t.IsNested)))
            .ToList();
        Assert.NotEmpty(mustCover);

        var missing = mustCover.Where(t => !KvMessageSerializer.Manifests.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"no wire format (would go out as JSON): {string.Join(", ", missing)}");

        foreach (var type in KvMessageSerializer.Manifests.Keys)
        {
            Assert.IsType<KvMessageSerializer>(node.System.Serialization.FindSerializerForType(type));
        }
    }

    [Fact]
    public void Every_manifest_is_unique_versioned_and_has_a_round_trip_sample()
    {
        var manifests = KvMessageSerializer.Manifests;
        Assert.Equal(manifests.Count, manifests.Values.Distinct(StringComparer.Ordinal).Count());
        Assert.All(manifests.Values, m => Assert.Matches("^[A-Z]+[0-9]+$", m));

        var sampled = ((IEnumerable<object?[]>)Messages()).Select(row => row[0]!.GetType()).ToHashSet();
        Assert.Empty(manifests.Keys.Where(t => !sampled.Contains(t)).Select(t => t.Name));
    }

    [Fact]
    public void An_increment_from_a_node_of_the_previous_version_still_reads()
    {
        // INCF1, as a node before the increment's text was sent writes it: the key, then the double.
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("f");
            writer.Write(0.5);
        }

        var serializer = new KvMessageSerializer((ExtendedActorSystem)node.System);

        var op = Assert.IsType<IncrementFloatOp>(serializer.FromBinary(stream.ToArray(), "INCF1"));
        Assert.Equal(("f", 0.5, (string?)null), (op.Key, op.Delta, op.DeltaText));
        Assert.Equal("INCF2", serializer.Manifest(new IncrementFloatOp("f", 0.5, "0.5")));
    }

    [Fact]
    public void An_unknown_manifest_is_a_serialization_exception()
    {
        var serializer = new KvMessageSerializer((ExtendedActorSystem)node.System);

        var error = Assert.Throws<SerializationException>(() => serializer.FromBinary([1, 2, 3], "NOPE1"));
        Assert.Contains("NOPE1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_or_overlong_bytes_are_a_serialization_exception()
    {
        var serializer = new KvMessageSerializer((ExtendedActorSystem)node.System);
        var message = new PutKey(1, "k", "value", 3, 4, false);
        var bytes = serializer.ToBinary(message);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^3], serializer.Manifest(message)));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], serializer.Manifest(message)));
    }

    [Fact]
    public void A_routed_message_without_a_wire_format_fails_loudly_instead_of_going_out_as_json()
    {
        var message = new UnformattedSlotMessage(1);

        var serializer = node.System.Serialization.FindSerializerFor(message);

        Assert.IsType<KvMessageSerializer>(serializer);
        Assert.Throws<ArgumentException>(() => serializer.ToBinary(message));
    }

    /// <summary>Records compare lists and arrays by reference, so those are compared by content here.</summary>
    private static void AssertSameMessage(object expected, object? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        switch (expected)
        {
            case RunOps ops:
                var backOps = (RunOps)actual;
                Assert.Equal(ops.Slot, backOps.Slot);
                Assert.Equal(ops.Ops.Count, backOps.Ops.Count);
                for (var i = 0; i < ops.Ops.Count; i++)
                {
                    AssertSameMessage(ops.Ops[i], backOps.Ops[i]);
                }

                Assert.Equal(ops.Watches is null, backOps.Watches is null);
                Assert.Equal(ops.Watches ?? [], backOps.Watches ?? []);
                break;
            case MSetNxOp mset:
                Assert.Equal(mset.Pairs, ((MSetNxOp)actual).Pairs);
                break;
            case SetRangeOp range:
                var backRange = (SetRangeOp)actual;
                Assert.Equal((range.Key, range.Offset, range.MaxBytes), (backRange.Key, backRange.Offset, backRange.MaxBytes));
                Assert.Equal(range.Patch, backRange.Patch);
                break;
            case IncrementFloatOp increment:
                // Bit for bit: NaN and -epsilon must arrive as they left.
                Assert.Equal(BitConverter.DoubleToInt64Bits(increment.Delta), BitConverter.DoubleToInt64Bits(((IncrementFloatOp)actual).Delta));
                Assert.Equal(increment.Key, ((IncrementFloatOp)actual).Key);
                Assert.Equal(increment.DeltaText, ((IncrementFloatOp)actual).DeltaText);
                break;
            case ScanReply scan:
                Assert.Equal(scan.More, ((ScanReply)actual).More);
                Assert.Equal(scan.Entries, ((ScanReply)actual).Entries);
                break;
            case KeysReply keys:
                Assert.Equal(keys.Keys, ((KeysReply)actual).Keys);
                break;
            case OpsDone done:
                var results = ((OpsDone)actual).Results;
                Assert.Equal(done.Results.Length, results.Length);
                for (var i = 0; i < results.Length; i++)
                {
                    Assert.Equal(done.Results[i].Kind, results[i].Kind);
                    Assert.Equal(done.Results[i].Number, results[i].Number);
                    Assert.Equal(done.Results[i].Payload, results[i].Payload);
                    Assert.Equal(done.Results[i].Payload?.GetType(), results[i].Payload?.GetType());
                }

                break;
            default:
                Assert.Equal(expected, actual);
                break;
        }
    }

    private sealed record UnformattedSlotMessage(int Slot) : IWithSlot;

    /// <summary>A node's ActorSystem with remoting, cluster and sharding (port 0, joins itself), so Akka's own
    /// serializer bindings are all loaded beside ours, as in production.</summary>
    public sealed class Node : IAsyncLifetime
    {
        private IHost? _host;

        public ActorSystem System { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var settings = new AkkaKvSettings { Mode = StorageMode.Cache, SlotCount = 16, ShardCount = 4 };
            settings.Remote.Port = 0;
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka
                .ConfigureNetwork(settings)
                .ConfigureSerialization()
                .ConfigureSlots(settings));
            _host = builder.Build();
            await _host.StartAsync();
            System = _host.Services.GetRequiredService<ActorSystem>();
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.StopAsync();
                _host.Dispose();
            }
        }
    }
}
