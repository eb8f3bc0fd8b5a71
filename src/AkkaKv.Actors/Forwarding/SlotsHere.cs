namespace AkkaKv.Actors.Forwarding;

/// <summary>The slots whose owner runs on the sending node right now, announced to the other kv nodes every second
/// (a full list each time: announcements are idempotent, and a node that has just joined learns the map at once).</summary>
public sealed record SlotsHere(IReadOnlyList<int> Slots);
