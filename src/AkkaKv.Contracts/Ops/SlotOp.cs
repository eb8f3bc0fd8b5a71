using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>One command on the keys of one slot, decided by the slot's single writer (or, for reads, against a view of
/// committed state). Ops are pure: everything they need is in the view or batch they are given, so they are unit-tested
/// without actors, and any front end (RESP today) composes them — several in one <see cref="Messages.RunOps"/> run
/// atomically, which is how MULTI/EXEC, MSET and RENAME are built.</summary>
public abstract record SlotOp(string Key)
{
    /// <summary>Keys other than <see cref="Key"/> the op touches (they must be in the same slot).</summary>
    public virtual IReadOnlyList<string> OtherKeys => [];

    public abstract OpResult Run(WriteBatch batch);
}

/// <summary>An op that only reads: it can also be answered from committed state, without the slot's writer.</summary>
public abstract record ReadOp(string Key) : SlotOp(Key)
{
    public abstract OpResult Read(IKeyView view);

    public sealed override OpResult Run(WriteBatch batch) => Read(batch);
}
