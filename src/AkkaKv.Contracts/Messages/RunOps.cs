using AkkaKv.Ops;
using AkkaKv.Slots;

namespace AkkaKv.Messages;

/// <summary>A key under WATCH: a transaction runs only if it is unchanged. A key that existed must still have the same
/// revision; for a key that was absent a change cannot be told from its entry (set and deleted again leaves none), so
/// any change to its slot since <paramref name="SlotRevision"/> counts — conservative, never missing a change.</summary>
public sealed record WatchedKey(string Key, long? ModRevision, long SlotRevision)
{
    /// <summary>What WATCH records for the key now.</summary>
    public static WatchedKey Seen(IKeyView view, string key) => new(key, view.Current(key)?.ModRevision, view.Revision);

    public bool IsUnchanged(IKeyView batch) => ModRevision is { } revision
        ? batch.Current(Key)?.ModRevision == revision
        : batch.Current(Key) is null && batch.Revision == SlotRevision;
}

/// <summary>Runs ops on one slot in order, as one atomic batch: all journaled together or none, none seen by readers
/// before all are durable. With <paramref name="Watches"/>, runs only if no watched key changed (Redis WATCH).
/// Answered with <see cref="OpsDone"/>, <see cref="OpsAborted"/>, or <see cref="OpsFailed"/>.</summary>
public sealed record RunOps(int Slot, IReadOnlyList<SlotOp> Ops, IReadOnlyList<WatchedKey>? Watches = null) : ISlotCommand
{
    public object Decide(WriteBatch batch)
    {
        if (Watches is not null)
        {
            foreach (var watched in Watches)
            {
                if (!watched.IsUnchanged(batch))
                {
                    return OpsAborted.Instance;
                }
            }
        }

        var results = new OpResult[Ops.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = Ops[i].Run(batch);
        }

        return new OpsDone(results);
    }

    public object Failed(string reason) => new OpsFailed(reason);

    /// <summary>Reads, deletes and TTL changes never need room.</summary>
    public bool MayGrow => Ops.Any(static op => op is not (ReadOp or DeleteOp or GetDeleteOp or ExpireOp or PersistOp or GetExpireOp));
}

public sealed record OpsDone(OpResult[] Results);

/// <summary>A watched key changed: nothing ran.</summary>
public sealed record OpsAborted
{
    public static readonly OpsAborted Instance = new();
}

/// <summary>The ops' batch was not journaled; <paramref name="Reason"/> says whether it may have been applied.</summary>
public sealed record OpsFailed(string Reason);

/// <summary>Reads what WATCH records for a key (its revision and the slot's, at one instant) on a slot elsewhere.</summary>
public sealed record WatchOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => new(OpResultKind.Ok, Payload: WatchedKey.Seen(view, Key));
}
