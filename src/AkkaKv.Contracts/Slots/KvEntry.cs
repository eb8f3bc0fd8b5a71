namespace AkkaKv.Slots;

/// <summary>One key as a slot holds it: the value, its version (1 on create, +1 per change, like etcd's), the slot revision
/// of its last change, and an optional absolute expiry in Unix milliseconds.
/// <para>It also carries how it has been used, for eviction (<see cref="Memory.AccessTracking"/>): when it was last read
/// and its logarithmic use counter. Those are bookkeeping, not data: not compared, not hashed, not serialized, and
/// updated without a lock by whichever thread reads the key (a lost update costs one approximate count, as in Redis).</para></summary>
public sealed record KvEntry(string Key, string Value, long Version, long ModRevision, long? ExpiresAtMs)
{
    // The expiry as a plain long (0 = none): a nullable long would take 16 bytes of every entry, this takes 8.
    private readonly long _expiresAtMs = ExpiresAtMs ?? 0;

    public long? ExpiresAtMs
    {
        get => _expiresAtMs == 0 ? null : _expiresAtMs;
        init => _expiresAtMs = value ?? 0;
    }

    /// <summary>Unix milliseconds of the last read (or the write that created this entry).</summary>
    public long AccessedAtMs { get; set; }

    /// <summary>Redis's LFU counter: logarithmic, 0..255, new keys start at <see cref="Memory.AccessTracking.NewKeyCounter"/>.</summary>
    public byte UseCounter { get; set; }

    /// <summary>When <see cref="UseCounter"/> last decayed, in minutes (16 bits, wrapping, like Redis's LFU clock).</summary>
    public ushort UseCounterMinutes { get; set; }

    /// <summary>The key's hash in its slot's <see cref="EntryTable"/> (set when stored).</summary>
    internal int Hash { get; set; }

    public bool IsExpiredAt(long nowMs) => _expiresAtMs != 0 && _expiresAtMs <= nowMs;

    public bool Equals(KvEntry? other) =>
        other is not null && Key == other.Key && Value == other.Value && Version == other.Version
        && ModRevision == other.ModRevision && _expiresAtMs == other._expiresAtMs;

    public override int GetHashCode() => HashCode.Combine(Key, Value, Version, ModRevision, _expiresAtMs);
}
