namespace AkkaKv.Actors.Slots;

/// <summary>ActorRegistry key for the shard region of slot entities.</summary>
public sealed class SlotRegion
{
    /// <summary>The sharding type name of slots.</summary>
    public const string Name = "kv";
}
