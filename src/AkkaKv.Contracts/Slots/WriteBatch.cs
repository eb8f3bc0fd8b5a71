using AkkaKv.Messages;

namespace AkkaKv.Slots;

/// <summary>Decides a run of writes against the committed state plus the writes decided before them in the batch,
/// without touching the committed state: readers keep seeing only what is durable until the batch is journaled.
/// Commands decide themselves through the primitives here (<see cref="Current"/>, <see cref="Set"/>, <see cref="Remove"/>).
/// A batch may also be decided after another that is still being journaled (<see cref="WriteBatch(SlotState, long,
/// WriteBatch)"/>): it then sees that batch's writes as if committed, until <see cref="BeforeApplied"/>.</summary>
public sealed class WriteBatch : IKeyView
{
    private readonly SlotState _state;
    private WriteBatch? _before;
    private readonly List<ISlotEvent> _events = [];

    // Beside each event, the key it wrote and the entry that key holds after it (null: removed; a SlotCleared has no
    // key). Most batches hold one or two writes, so a key is looked up by scanning these backwards: a dictionary per
    // batch cost three allocations (~210 bytes) per durable write. Past ScanLimit writes, _byKey takes over.
    private readonly List<(string? Key, KvEntry? After)> _writes = [];
    private Dictionary<string, KvEntry?>? _byKey;
    private const int ScanLimit = 8;
    private long _revision;
    private bool _cleared;

    public WriteBatch(SlotState state, long nowMs)
    {
        _state = state;
        NowMs = nowMs;
        _revision = state.Revision;
    }

    /// <summary>A batch decided after <paramref name="before"/>, which is not yet applied to the state. Nothing may be
    /// decided into <paramref name="before"/> any more.</summary>
    public WriteBatch(SlotState state, long nowMs, WriteBatch before)
        : this(state, nowMs)
    {
        _before = before;
        _revision = before.Revision;
    }

    /// <summary>Whether this batch reads through an earlier batch that is not applied yet.</summary>
    public bool HasBefore => _before is not null;

    /// <summary>The batch this one was decided after is now applied to the state: read the state directly.</summary>
    public void BeforeApplied() => _before = null;

    public long NowMs { get; private set; }

    public IReadOnlyList<ISlotEvent> Events => _events;

    /// <summary>The slot's revision including the writes decided so far in this batch.</summary>
    public long Revision => _revision;

    /// <summary>Starts a fresh batch on the same slot, reusing this one's memory (a hot slot decides many batches).</summary>
    public void Reset(long nowMs)
    {
        NowMs = nowMs;
        _revision = _state.Revision;
        _before = null;
        _byKey?.Clear();
        _writes.Clear();
        _events.Clear();
        _cleared = false;
    }

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
        var stored = Stored(key);
        if (stored is not null && stored.IsExpiredAt(NowMs))
        {
            Record(new KeyExpired(key, ++_revision), key, null);
        }
    }

    public KvEntry? Current(string key)
    {
        var entry = Stored(key);
        return entry is null || entry.IsExpiredAt(NowMs) ? null : entry;
    }

    /// <summary>A key written in this batch is as new as its write; others have their committed stamp.</summary>
    public uint? AccessStampOf(string key) =>
        TryWritten(key, out var pending) ? (pending is null || pending.IsExpiredAt(NowMs) ? null : _state.NewAccessStamp(NowMs))
        : _cleared ? null
        : _before is { } before ? before.AccessStampOf(key)
        : _state.AccessStampOf(key, NowMs);

    /// <summary>Sets the key: version + 1 over the live entry (1 when absent or expired), a new slot revision.</summary>
    public KvEntry Set(string key, string value, long? expiresAtMs) => Set(key, value, expiresAtMs, Current(key));

    /// <summary>As <see cref="Set(string, string, long?)"/>, for a caller that has just read <paramref name="current"/>
    /// (saves a second lookup on the hottest path).</summary>
    public KvEntry Set(string key, string value, long? expiresAtMs, KvEntry? current)
    {
        var entry = new KvEntry(key, value, (current?.Version ?? 0) + 1, ++_revision, expiresAtMs);
        Record(new ValueSet(entry), key, entry);
        return entry;
    }

    /// <summary>Deletes the key; false (and no event) when there is no live entry.</summary>
    public bool Remove(string key)
    {
        if (Current(key) is null)
        {
            return false;
        }

        Record(new KeyDeleted(key, ++_revision), key, null);
        return true;
    }

    /// <summary>Removes every key of the slot with one event.</summary>
    public void Clear()
    {
        _events.Add(new SlotCleared(++_revision));
        _writes.Add((null, null));
        _byKey?.Clear();
        _cleared = true;
    }

    /// <summary>Applies the batch's events to the state, in order. A key set here is stored as the entry the batch
    /// decided: its <see cref="ValueSet"/> is that entry.</summary>
    public void ApplyTo(SlotState state)
    {
        foreach (var change in _events)
        {
            state.Apply(change, NowMs);
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
        var entry = Set(put.Key, put.Value, expiresAt);
        return new WriteOk(put.Key, entry, entry.ModRevision);
    }

    private IWriteReply Delete(DeleteKey delete)
    {
        var current = Current(delete.Key);
        if (delete.ExpectedVersion is { } expected && expected != (current?.Version ?? 0))
        {
            return new VersionMismatch(delete.Key, current?.Version ?? 0);
        }

        return Remove(delete.Key) ? new WriteOk(delete.Key, null, _revision) : new KeyNotFound(delete.Key);
    }

    private KvEntry? Stored(string key) =>
        TryWritten(key, out var pending) ? pending
        : _cleared ? null
        : _before is { } before ? before.Stored(key)
        : _state.FindStored(key);

    private void Record(ISlotEvent change, string key, KvEntry? after)
    {
        _events.Add(change);
        _writes.Add((key, after));
        if (_byKey is not null)
        {
            _byKey[key] = after;
        }
        else if (_writes.Count > ScanLimit)
        {
            _byKey = new Dictionary<string, KvEntry?>(StringComparer.Ordinal);
            for (var i = _writes.Count - 1; i >= 0 && _writes[i].Key is { } written; i--) // back to the last clear
            {
                _byKey.TryAdd(written, _writes[i].After); // the latest write of a key wins
            }
        }
    }

    /// <summary>Whether this batch wrote <paramref name="key"/> (since its last clear), and what it left there.</summary>
    private bool TryWritten(string key, out KvEntry? after)
    {
        if (_byKey is not null)
        {
            return _byKey.TryGetValue(key, out after);
        }

        for (var i = _writes.Count - 1; i >= 0 && _writes[i].Key is { } written; i--)
        {
            if (string.Equals(written, key, StringComparison.Ordinal))
            {
                after = _writes[i].After;
                return true;
            }
        }

        after = null;
        return false;
    }
}
