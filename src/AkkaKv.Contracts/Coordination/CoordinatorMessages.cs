namespace AkkaKv.Coordination;

/// <summary>Marks what the keyspace coordinator receives, answers and journals (one serializer covers them all).</summary>
public interface ICoordinationMessage;

/// <summary>A kv node asks to serve the cluster's keyspace; answered with <see cref="NodeAccepted"/> or <see cref="NodeRefused"/>.</summary>
public sealed record RegisterNode(string Address, KeyspaceConfig Config) : ICoordinationMessage;

public sealed record NodeAccepted(KeyspaceConfig Config, long BornAtMs) : ICoordinationMessage;

/// <summary>The node's configuration cannot be safe in this cluster; <paramref name="Reason"/> says why and what to change.</summary>
public sealed record NodeRefused(string Reason) : ICoordinationMessage;

/// <summary>One slot as its owner sees it: how many keys it holds, their size (UTF-8 bytes of keys and values; 0 from a
/// node that predates the count) and its revision.</summary>
public sealed record SlotStatus(int Slot, int Keys, long Revision, long Bytes = 0);

/// <summary>Every slot a node owns right now, sent periodically (so a new coordinator learns the map within one period).</summary>
public sealed record SlotsReport(string Address, IReadOnlyList<SlotStatus> Slots) : ICoordinationMessage;

/// <summary>Asks for <see cref="KeyspaceView"/>.</summary>
public sealed record GetKeyspaceView : ICoordinationMessage
{
    public static readonly GetKeyspaceView Instance = new();
}

/// <summary>A slot's owner as last recorded (null: none since its owner left) and its last reported size and revision.</summary>
public sealed record SlotOwnership(int Slot, string? Owner, int Keys, long Revision, long Bytes = 0);

/// <summary>The cluster's keyspace: its configuration (null until the first node registers) and who owns each slot.</summary>
public sealed record KeyspaceView(KeyspaceConfig? Config, long BornAtMs, IReadOnlyList<SlotOwnership> Slots) : ICoordinationMessage;
