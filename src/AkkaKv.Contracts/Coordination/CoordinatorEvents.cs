namespace AkkaKv.Coordination;

/// <summary>What the keyspace coordinator journals, so that a coordinator started on another node after a hand-over
/// knows the keyspace configuration and the slot map.</summary>
public interface ICoordinatorEvent : ICoordinationMessage;

/// <summary>The first node registered: the cluster's keyspace configuration is fixed from now on.</summary>
public sealed record KeyspaceBorn(KeyspaceConfig Config, long AtMs) : ICoordinatorEvent;

/// <summary>A slot is now owned by <paramref name="Owner"/> (null: its owner left the cluster and no node reported it since).</summary>
public sealed record SlotOwnerChanged(int Slot, string? Owner) : ICoordinatorEvent;

/// <summary>The journaled part of the coordinator's state at once: the configuration and every slot's owner.</summary>
public sealed record CoordinatorSnapshot(KeyspaceConfig? Config, long BornAtMs, IReadOnlyList<string?> Owners) : ICoordinationMessage;
