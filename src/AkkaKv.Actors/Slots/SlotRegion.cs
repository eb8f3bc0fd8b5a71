using Akka.Actor;

namespace AkkaKv.Actors.Slots;

/// <summary>ActorRegistry key for the shard region of slot entities, and its sharding type name.</summary>
public sealed class SlotRegion
{
    /// <summary>Where the node's configuration keeps the type name (<see cref="NameOf(ActorSystem)"/> reads it).</summary>
    public const string NamePath = "akkakv.region-name";

    /// <summary>The sharding type name carries the keyspace's shape: nodes started with another slot count, shard count
    /// or mode run a region of another type, so sharding never gives them a shard of this keyspace, even in the moments
    /// before the keyspace coordinator refuses them.</summary>
    public static string NameFor(int slotCount, int shardCount, string mode) =>
        FormattableString.Invariant($"slots-{slotCount}-{shardCount}-{mode.ToLowerInvariant()}");

    public static string NameOf(ActorSystem system) => system.Settings.Config.GetString(NamePath);
}
