namespace AkkaKv.Slots;

/// <summary>What a read sees of a slot at one instant: committed state for reads served straight from a slot, or a
/// batch's state including the writes decided before it (so a GET after a SET in one transaction sees the SET).</summary>
public interface IKeyView
{
    /// <summary>The instant the whole batch or read is decided at: one clock reading, so TTLs are judged consistently.</summary>
    long NowMs { get; }

    /// <summary>The slot's revision as this view sees it.</summary>
    long Revision { get; }

    /// <summary>The live entry for the key, or null when absent or expired.</summary>
    KvEntry? Current(string key);

    /// <summary>The live key's access stamp (<see cref="Memory.AccessTracking"/>), or null when absent or expired;
    /// not counted as a read (OBJECT IDLETIME and FREQ look at a key without using it).</summary>
    uint? AccessStampOf(string key);
}

/// <summary>A slot's committed state at one instant.</summary>
public sealed class CommittedView(SlotState state, long nowMs) : IKeyView
{
    public long NowMs { get; } = nowMs;

    public long Revision => state.Revision;

    public KvEntry? Current(string key) => state.Find(key, NowMs);

    public uint? AccessStampOf(string key) => state.AccessStampOf(key, NowMs);
}
