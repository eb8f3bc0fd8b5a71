namespace AkkaKv.Replication;

/// <summary>How many replicas a write of a replicated key must reach before it is acknowledged (after the journal, in
/// store mode). Local: this node's replica; the others get it by delta propagation and gossip.</summary>
public enum WriteConsistency
{
    Local,
    Majority,
    All,
}

/// <summary>Where a read is answered. Linearizable: the key's owning slot (every key). Majority: a majority of replicas,
/// the newest wins. Local: this node's replica, no hop. A key outside the replicated keyspaces has no replica: it is read
/// from its owner whatever the level asked.</summary>
public enum ReadConsistency
{
    Linearizable,
    Majority,
    Local,
}

public static class ConsistencyNames
{
    /// <summary>By name only (case-insensitive): "majority", never "1".</summary>
    public static bool TryParse(string? text, out WriteConsistency level) =>
        IsName(text) & Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level);

    public static bool TryParse(string? text, out ReadConsistency level) =>
        IsName(text) & Enum.TryParse(text, ignoreCase: true, out level) && Enum.IsDefined(level);

    private static bool IsName(string? text) => !string.IsNullOrEmpty(text) && text.All(char.IsAsciiLetter);

    public static string NameOf(WriteConsistency level) => level.ToString().ToLowerInvariant();

    public static string NameOf(ReadConsistency level) => level.ToString().ToLowerInvariant();
}
