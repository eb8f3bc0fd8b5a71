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
        new ValueSet(new string('k', 200), new string('é', 9000), 1, 2, 3), // 2- and 3-byte length prefixes
        new SlotSnapshot(5, [new KvEntry(new string('x', 130), "ü", 1, 5, null)]),
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

    /// <summary>The bytes are exactly what the first version wrote through a BinaryWriter, so journals written then
    /// replay (and this layout is what <see cref="KvEventSerializer.FromBinary"/> reads).</summary>
    [Theory]
    [MemberData(nameof(Journaled))]
    public void Bytes_are_the_BinaryWriter_layout_journals_were_written_in(object message)
    {
        var serializer = new KvEventSerializer(null!);

        Assert.Equal(BinaryWriterLayout(message), serializer.ToBinary(message));
    }

    private static byte[] BinaryWriterLayout(object message)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            switch (message)
            {
                case ValueSet set:
                    writer.Write(set.Key);
                    writer.Write(set.Value);
                    WriteVersions(writer, set.Version, set.Revision, set.ExpiresAtMs);
                    break;
                case KeyDeleted deleted:
                    writer.Write(deleted.Key);
                    writer.Write(deleted.Revision);
                    break;
                case KeyExpired expired:
                    writer.Write(expired.Key);
                    writer.Write(expired.Revision);
                    break;
                case SlotCleared cleared:
                    writer.Write(cleared.Revision);
                    break;
                case SlotSnapshot snapshot:
                    writer.Write(snapshot.Revision);
                    writer.Write(snapshot.Entries.Count);
                    foreach (var e in snapshot.Entries)
                    {
                        writer.Write(e.Key);
                        writer.Write(e.Value);
                        WriteVersions(writer, e.Version, e.ModRevision, e.ExpiresAtMs);
                    }

                    break;
            }
        }

        return stream.ToArray();
    }

    private static void WriteVersions(BinaryWriter writer, long version, long revision, long? expiresAtMs)
    {
        writer.Write(version);
        writer.Write(revision);
        writer.Write(expiresAtMs.HasValue);
        if (expiresAtMs is { } at)
        {
            writer.Write(at);
        }
    }
}
