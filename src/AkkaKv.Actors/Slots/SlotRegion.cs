namespace AkkaKv.Actors.Slots;

/// <summary>ActorRegistry key for the shard region of slot entities.</summary>
public sealed class SlotRegion;
