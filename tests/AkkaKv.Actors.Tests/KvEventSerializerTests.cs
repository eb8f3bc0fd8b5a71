using Akka.Actor;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Slots;

using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests;

public sealed class KvEventSerializerTests
{
    public static TheoryData<object> Journaled() =>
    [
        new ValueSet("k", "välue ✓", 3, 42, null),
        new ValueSet("k", "", 1, 1, 1_800_000_000_000),
        new KeyDeleted("gone", 7),
        new KeyExpired("old", 9),
        new SlotCleared(10),
        new SlotSnapshot(12, [new KvEntry("a", "1", 2, 11, null), new KvEntry("b", "2", 1, 12, 123)]),
        new SlotSnapshot(0, []),
    ];

    [Theory]
    [MemberData(nameof(Journaled))]
    public async Task Akka_picks_the_binary_serializer_and_it_round_trips(object message)
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });

        var serializer = node.System.Serialization.FindSerializerFor(message);
        Assert.IsType<KvEventSerializer>(serializer);

        var bytes = serializer.ToBinary(message);
        var manifest = Akka.Serialization.Serialization.ManifestFor(serializer, message);
        var back = node.System.Serialization.Deserialize(bytes, serializer.Identifier, manifest);

        if (message is SlotSnapshot snapshot)
        {
            var restored = Assert.IsType<SlotSnapshot>(back);
            Assert.Equal(snapshot.Revision, restored.Revision);
            Assert.Equal(snapshot.Entries, restored.Entries);
        }
        else
        {
            Assert.Equal(message, back);
        }
    }
}
