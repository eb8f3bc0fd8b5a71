using System.Text;

namespace AkkaKv.Slots;

/// <summary>One key as a slot holds it: the value, its version (1 on create, +1 per change, like etcd's), the slot revision
/// of its last change, and an optional absolute expiry in Unix milliseconds.
/// <para>The key and the value are kept as their UTF-8 bytes, one after the other in one array, not as two .NET strings
/// (UTF-16): 16-byte keys with 100-byte values cost 144 bytes instead of 280, so a node holds more keys in the same
/// budget; a lookup compares the key in the array that also holds the value (one cache miss less per GET), and the
/// Redis protocol writes the value out as it is. Front ends refuse strings that UTF-8 cannot carry (unpaired
/// surrogates, <see cref="Keys.KeyLimits"/>), so the round trips through <see cref="Key"/> and <see cref="Value"/> are
/// exact; both decode on every call (an allocation), so hot paths use the byte views.</para>
/// <para>It also carries how it has been used, for eviction (<see cref="Memory.AccessTracking"/>): when it was last read
/// and its logarithmic use counter. Those are bookkeeping, not data: not compared, not hashed, not serialized, and
/// updated without a lock by whichever thread reads the key (a lost update costs one approximate count, as in Redis).</para></summary>
public sealed record KvEntry
{
    // The key's UTF-8 bytes, then the value's.
    private readonly byte[] _data;
    private readonly int _keyLength;

    // The expiry as a plain long (0 = none): a nullable long would take 16 bytes of every entry, this takes 8.
    private readonly long _expiresAtMs;

    public KvEntry(string Key, string Value, long Version, long ModRevision, long? ExpiresAtMs)
        : this(Concat(Key, Value, out var keyLength), keyLength, Version, ModRevision, ExpiresAtMs)
    {
    }

    /// <summary>An entry from bytes already UTF-8 (a snapshot or a message being read).</summary>
    public KvEntry(ReadOnlySpan<byte> Utf8Key, ReadOnlySpan<byte> Utf8Value, long Version, long ModRevision, long? ExpiresAtMs)
        : this([.. Utf8Key, .. Utf8Value], Utf8Key.Length, Version, ModRevision, ExpiresAtMs)
    {
    }

    private KvEntry(byte[] data, int keyLength, long version, long modRevision, long? expiresAtMs)
    {
        _data = data;
        _keyLength = keyLength;
        Version = version;
        ModRevision = modRevision;
        _expiresAtMs = expiresAtMs ?? 0;
    }

    public string Key => Encoding.UTF8.GetString(_data, 0, _keyLength);

    public ReadOnlySpan<byte> KeyUtf8 => _data.AsSpan(0, _keyLength);

    public string Value => Encoding.UTF8.GetString(_data, _keyLength, _data.Length - _keyLength);

    public ReadOnlySpan<byte> ValueUtf8 => _data.AsSpan(_keyLength);

    /// <summary>The value's length in UTF-8 bytes (Redis's STRLEN).</summary>
    public int ValueByteCount => _data.Length - _keyLength;

    /// <summary>Bytes of the array holding key and value (for the memory model).</summary>
    internal int DataBytes => _data.Length;

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
        other is not null && _keyLength == other._keyLength && _data.AsSpan().SequenceEqual(other._data) && Version == other.Version
        && ModRevision == other.ModRevision && _expiresAtMs == other._expiresAtMs;

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_keyLength);
        hash.AddBytes(_data);
        hash.Add(Version);
        hash.Add(ModRevision);
        hash.Add(_expiresAtMs);
        return hash.ToHashCode();
    }

    private static byte[] Concat(string key, string value, out int keyLength)
    {
        keyLength = Encoding.UTF8.GetByteCount(key);
        var data = new byte[keyLength + Encoding.UTF8.GetByteCount(value)];
        Encoding.UTF8.GetBytes(key, data);
        Encoding.UTF8.GetBytes(value, data.AsSpan(keyLength));
        return data;
    }

    // The record's printout shows the value as text, and leaves out the eviction bookkeeping.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Key = {Key}, Value = {Value}, Version = {Version}, ModRevision = {ModRevision}, ExpiresAtMs = {ExpiresAtMs}");
        return true;
    }
}
