using AkkaKv.Messages;

namespace AkkaKv.Slots;

/// <summary>Decides a run of writes against the committed state plus the writes decided before them in the batch,
/// without touching the committed state: readers keep seeing only what is durable until the batch is journaled.</summary>
public sealed class WriteBatch
{
    private readonly SlotState _state;
    private readonly long _nowMs;
    private readonly Dictionary<string, KvEntry?> _pending = new(StringComparer.Ordinal);
    private readonly List<ISlotEvent> _events = [];
    private long _revision;

    public WriteBatch(SlotState state, long nowMs)
    {
        _state = state;
        _nowMs = nowMs;
        _revision = state.Revision;
    }

    public IReadOnlyList<ISlotEvent> Events => _events;

    /// <summary>Decides one write; its event (if any) joins the batch. The reply is to be sent once the batch is durable.</summary>
    public IWriteReply Add(ISlotWrite write) => write switch
    {
        PutKey put => Put(put),
        DeleteKey delete => Delete(delete),
        _ => throw new ArgumentException($"unknown write {write.GetType().Name}", nameof(write)),
    };

    /// <summary>Removes a key whose TTL has passed, unless a write in this batch already replaced it.</summary>
    public void Expire(string key)
    {
        var stored = _pending.TryGetValue(key, out var pending) ? pending : _state.FindStored(key);
        if (stored is not null && stored.IsExpiredAt(_nowMs))
        {
            Record(new KeyExpired(key, ++_revision), key, null);
        }
    }

    private IWriteReply Put(PutKey put)
    {
        var current = Current(put.Key);
        if (put.ExpectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return new VersionMismatch(put.Key, current?.Version ?? 0);
        }

        var expiresAt = put.KeepTtl ? current?.ExpiresAtMs : put.ExpiresAtMs;
        var set = new ValueSet(put.Key, put.Value, (current?.Version ?? 0) + 1, ++_revision, expiresAt);
        var entry = new KvEntry(set.Key, set.Value, set.Version, set.Revision, set.ExpiresAtMs);
        Record(set, put.Key, entry);
        return new WriteOk(put.Key, entry, set.Revision);
    }

    private IWriteReply Delete(DeleteKey delete)
    {
        var current = Current(delete.Key);
        if (delete.ExpectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return new VersionMismatch(delete.Key, current?.Version ?? 0);
        }

        if (current is null)
        {
            return new KeyNotFound(delete.Key);
        }

        var deleted = new KeyDeleted(delete.Key, ++_revision);
        Record(deleted, delete.Key, null);
        return new WriteOk(delete.Key, null, deleted.Revision);
    }

    private KvEntry? Current(string key)
    {
        var entry = _pending.TryGetValue(key, out var pending) ? pending : _state.FindStored(key);
        return entry is null || entry.IsExpiredAt(_nowMs) ? null : entry;
    }

    private void Record(ISlotEvent change, string key, KvEntry? after)
    {
        _events.Add(change);
        _pending[key] = after;
    }
}
