using AkkaKv.Slots;

namespace AkkaKv.Messages;

public sealed record GetReply(KvEntry? Entry);

public sealed record ScanReply(IReadOnlyList<KvEntry> Entries, bool More);

public sealed record KeysReply(IReadOnlyList<string> Keys);

public sealed record SlotReady(int Slot, int Keys, long Revision);

/// <summary>The answer to an <see cref="ISlotWrite"/>: sent only after the change is durable.</summary>
public interface IWriteReply;

/// <summary>The write happened. <paramref name="Entry"/> is the new entry (null after a delete).</summary>
public sealed record WriteOk(string Key, KvEntry? Entry, long Revision) : IWriteReply;

/// <summary>Compare-and-swap failed; <paramref name="CurrentVersion"/> is 0 when the key is absent.</summary>
public sealed record VersionMismatch(string Key, long CurrentVersion) : IWriteReply;

public sealed record KeyNotFound(string Key) : IWriteReply;

/// <summary>The write was not acknowledged; <paramref name="Reason"/> says whether it was surely not applied or its
/// outcome is unknown (the journal failed mid-commit). Retry.</summary>
public sealed record WriteFailed(string Key, string Reason) : IWriteReply;

/// <summary>The command never reached its slot: the slot was moving to another node and sharding dropped the command
/// on the way (see <c>LostCommandReplier</c>). Surely not applied; the sender may retry it.</summary>
public sealed record SlotMoved(int Slot);
