using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Serialization;
using AkkaKv.Replication;
using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests.Replication;

public sealed class ReplicaSerializerTests
{
    [Fact]
    public async Task Akka_picks_the_replica_serializer_and_equal_maps_give_equal_bytes()
    {
        using var dir = new TempDir();
        await using var node = await ActorTestNode.StartAsync(new AkkaKvSettings { DataDir = dir.Path });
        var entries = new[]
        {
            new ReplicaEntry("/_sys/b", "välue ✓", 3, 40, 1_800_000_000_000),
            ReplicaEntry.Tombstone("/_sys/a", 41, 1_700_000_000_000),
            new ReplicaEntry("/_sys/c", "", 1, 2, null),
        };
        var map = ReplicaMap.Of(entries);
        // The same entries reached in another order (another node's history).
        var other = ReplicaMap.Empty.WithEntries(entries.Reverse(), 1_700_000_000_000).ResetDelta();

        var serializer = node.System.Serialization.FindSerializerFor(map);
        Assert.IsType<ReplicaSerializer>(serializer);
        var bytes = serializer.ToBinary(map);
        // The replicator compares replicas by a digest of these bytes: equal content must serialize identically.
        Assert.Equal(bytes, serializer.ToBinary(other));

        var back = node.System.Serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, map));
        Assert.Equal(map, back);
    }
}
