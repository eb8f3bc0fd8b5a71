namespace AkkaKv.Slots;

/// <summary>A change journaled by a slot. <see cref="Revision"/> grows by one per event in the slot, so a watcher can resume from (slot, revision).</summary>
public interface ISlotEvent
{
    long Revision { get; }
}

public sealed record ValueSet(string Key, string Value, long Version, long Revision, long? ExpiresAtMs) : ISlotEvent;

public sealed record KeyDeleted(string Key, long Revision) : ISlotEvent;

/// <summary>The key reached its TTL; journaled so a restart or a watcher sees the removal at a definite revision.</summary>
public sealed record KeyExpired(string Key, long Revision) : ISlotEvent;

/// <summary>Every key of the slot was removed at once (FLUSHDB): one event, not one per key.</summary>
public sealed record SlotCleared(long Revision) : ISlotEvent;

/// <summary>A slot's whole state at a revision: what snapshots hold.</summary>
public sealed record SlotSnapshot(long Revision, IReadOnlyList<KvEntry> Entries);
