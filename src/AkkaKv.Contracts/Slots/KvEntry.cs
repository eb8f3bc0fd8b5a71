using System.Text;

namespace AkkaKv.Slots;

/// <summary>One key as a slot holds it: the value, its version (1 on create, +1 per change, like etcd's), the slot revision
/// of its last change, and an optional absolute expiry in Unix milliseconds.
/// <para>The value is kept as its UTF-8 bytes, not as a .NET string (UTF-16): half the memory for the ASCII values most
/// stores hold (a 100-byte value costs 128 bytes instead of 224), so a node holds more keys in the same budget, and the
/// Redis protocol writes the bytes out as they are. Front ends refuse strings that UTF-8 cannot carry (unpaired
/// surrogates, <see cref="Keys.KeyLimits.CheckValue"/>), so the round trip through <see cref="Value"/> is exact.</para>
/// <para>It also carries how it has been used, for eviction (<see cref="Memory.AccessTracking"/>): when it was last read
/// and its logarithmic use counter. Those are bookkeeping, not data: not compared, not hashed, not serialized, and
/// updated without a lock by whichever thread reads the key (a lost update costs one approximate count, as in Redis).</para></summary>
public sealed record KvEntry
{
    private readonly byte[] _value;

    // The expiry as a plain long (0 = none): a nullable long would take 16 bytes of every entry, this takes 8.
    private readonly long _expiresAtMs;

    public KvEntry(string Key, string Value, long Version, long ModRevision, long? ExpiresAtMs)
        : this(Key, Encoding.UTF8.GetBytes(Value), Version, ModRevision, ExpiresAtMs)
    {
    }

    /// <summary>An entry whose value is already UTF-8 (the array becomes the entry's own: the caller must not change it).</summary>
    public KvEntry(string Key, byte[] Utf8Value, long Version, long ModRevision, long? ExpiresAtMs)
    {
        this.Key = Key;
        _value = Utf8Value;
        this.Version = Version;
        this.ModRevision = ModRevision;
        _expiresAtMs = ExpiresAtMs ?? 0;
    }

    public string Key { get; init; }

    /// <summary>The value as a string: decoded on every call (an allocation), so hot paths that can use the bytes read
    /// <see cref="ValueUtf8"/>.</summary>
    public string Value => Encoding.UTF8.GetString(_value);

    public ReadOnlySpan<byte> ValueUtf8 => _value;

    /// <summary>The value's length in UTF-8 bytes (Redis's STRLEN).</summary>
    public int ValueByteCount => _value.Length;

    public long Version { get; init; }

    public long ModRevision { get; init; }

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
        other is not null && Key == other.Key && _value.AsSpan().SequenceEqual(other._value) && Version == other.Version
        && ModRevision == other.ModRevision && _expiresAtMs == other._expiresAtMs;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key);
        hash.AddBytes(_value);
        hash.Add(Version);
        hash.Add(ModRevision);
        hash.Add(_expiresAtMs);
        return hash.ToHashCode();
    }

    // The record's printout shows the value as text, and leaves out the eviction bookkeeping.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Key = {Key}, Value = {Value}, Version = {Version}, ModRevision = {ModRevision}, ExpiresAtMs = {ExpiresAtMs}");
        return true;
    }
}
