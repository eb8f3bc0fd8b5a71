namespace AkkaKv.Messages;

/// <summary>Read one key; answered with <see cref="GetReply"/>.</summary>
public sealed record GetKey(int Slot, string Key) : IWithSlot;

/// <summary>Set a key. <paramref name="ExpectedVersion"/>: compare-and-swap (0 = only if absent).
/// <paramref name="ExpiresAtMs"/>: absolute expiry; null clears any TTL unless <paramref name="KeepTtl"/>.</summary>
public sealed record PutKey(int Slot, string Key, string Value, long? ExpectedVersion, long? ExpiresAtMs, bool KeepTtl = false)
    : ISlotWrite;

/// <summary>Delete a key, optionally only at an expected version.</summary>
public sealed record DeleteKey(int Slot, string Key, long? ExpectedVersion) : ISlotWrite
{
    public bool MayGrow => false;
}

/// <summary>Keys of one slot with a prefix, sorted ordinally, strictly after <paramref name="After"/>; answered with <see cref="ScanReply"/>.</summary>
public sealed record ScanSlot(int Slot, string Prefix, string? After, int Limit) : IWithSlot;

/// <summary>Starts (and recovers) a slot; answered with <see cref="SlotReady"/> once it can serve.</summary>
public sealed record PingSlot(int Slot) : IWithSlot;

/// <summary>Live keys of one slot matching a Redis glob pattern, unordered (KEYS, SCAN); answered with <see cref="KeysReply"/>.</summary>
public sealed record MatchKeys(int Slot, string Pattern) : IWithSlot;

/// <summary>One live key of the slot picked at random (RANDOMKEY); answered with <see cref="KeysReply"/> (empty or one key).</summary>
public sealed record PickRandomKey(int Slot) : IWithSlot;
