using AkkaKv.Slots;

namespace AkkaKv.Actors.Gateway;

/// <summary>One page of a keyspace scan; <see cref="NextAfter"/> is the last key returned when more follow.</summary>
public sealed record ScanPage(IReadOnlyList<KvEntry> Entries, string? NextAfter);
