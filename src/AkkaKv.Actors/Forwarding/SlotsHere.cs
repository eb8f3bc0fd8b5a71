namespace AkkaKv.Actors.Forwarding;

/// <summary>The slots whose owner runs on the sending node right now, announced to the other kv nodes every second
/// (a full list each time: announcements are idempotent, and a node that has just joined learns the map at once).
/// <see cref="ChannelPort"/> is the port of the sender's <see cref="ForwardChannelListener"/> on its remoting host, 0
/// when it has none (then commands for it go over remoting).</summary>
public sealed record SlotsHere(IReadOnlyList<int> Slots, int ChannelPort = 0);
