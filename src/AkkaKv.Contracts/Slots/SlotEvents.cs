namespace AkkaKv.Slots;

/// <summary>A change journaled by a slot. <see cref="Revision"/> grows by one per event in the slot, so a watcher can resume from (slot, revision).</summary>
public interface ISlotEvent
{
    long Revision { get; }
}

/// <summary>A key was set: the entry it holds from now on (its key and value as UTF-8, version, revision, expiry). The
/// event is the entry, not a copy of it in strings: a durable SET encodes its key and value once, the journal writes
/// those bytes as they are, replay reads them back into an entry without a string in between, and applying the event
/// stores this entry.</summary>
public sealed record ValueSet(KvEntry Entry) : ISlotEvent
{
    public ValueSet(string key, string value, long version, long revision, long? expiresAtMs)
        : this(new KvEntry(key, value, version, revision, expiresAtMs))
    {
    }

    /// <summary>Decoded on every call (an allocation): hot paths read <see cref="KvEntry.KeyUtf8"/>.</summary>
    public string Key => Entry.Key;

    /// <summary>Decoded on every call (an allocation).</summary>
    public string Value => Entry.Value;

    public long Version => Entry.Version;

    public long Revision => Entry.ModRevision;

    public long? ExpiresAtMs => Entry.ExpiresAtMs;
}

public sealed record KeyDeleted(string Key, long Revision) : ISlotEvent;

/// <summary>The key reached its TTL; journaled so a restart or a watcher sees the removal at a definite revision.</summary>
public sealed record KeyExpired(string Key, long Revision) : ISlotEvent;

/// <summary>Every key of the slot was removed at once (FLUSHDB): one event, not one per key.</summary>
public sealed record SlotCleared(long Revision) : ISlotEvent;

/// <summary>A slot's whole state at a revision: what snapshots hold.</summary>
public sealed record SlotSnapshot(long Revision, IReadOnlyList<KvEntry> Entries);
