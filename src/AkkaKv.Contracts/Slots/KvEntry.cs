using System.Text;

namespace AkkaKv.Slots;

/// <summary>One key as a slot holds it: the value, its version (1 on create, +1 per change, like etcd's), the slot revision
/// of its last change, and an optional absolute expiry in Unix milliseconds.
/// <para>The key and the value are kept as their UTF-8 bytes, one after the other in one array, not as two .NET strings
/// (UTF-16), and the version, revision and expiry follow them in the same array as variable-length integers
/// (<see cref="EntryTrailer"/>): a 16-byte key with a 100-byte value costs 144 bytes of array and a 32-byte entry,
/// where two strings and three longs would cost 280 and 72, so a node holds more keys in the same budget; a lookup
/// compares the key in the array that also holds the value (one cache miss less per GET), and the Redis protocol writes
/// the value out as it is. Front ends refuse strings that UTF-8 cannot carry (unpaired surrogates,
/// <see cref="Keys.KeyLimits"/>), so the round trips through <see cref="Key"/> and <see cref="Value"/> are exact; both
/// decode on every call (an allocation), so hot paths use the byte views. The numbers decode on every call too (a few
/// byte reads each).</para>
/// <para>How the key has been used, for eviction, is kept beside it in its table cell (<see cref="EntryTable"/>), not
/// here: sampling then reads no entry.</para></summary>
public sealed record KvEntry
{
    // Marks, in _trailer, a trailer that starts with an expiry.
    private const byte HasExpiry = 0x80;

    // The key's UTF-8 bytes, the value's, then the version, revision and expiry (EntryTrailer). Everything lives in this
    // one array: the entry object itself is 32 bytes (header, this reference, the key's and the trailer's lengths).
    private readonly byte[] _data;
    private readonly int _keyLength;

    // The trailer's length in bytes, with HasExpiry.
    private readonly byte _trailer;

    public KvEntry(string Key, string Value, long Version, long ModRevision, long? ExpiresAtMs)
    {
        _keyLength = Encoding.UTF8.GetByteCount(Key);
        _data = Allocate(_keyLength + Encoding.UTF8.GetByteCount(Value), Version, ModRevision, ExpiresAtMs ?? 0, out _trailer);
        Encoding.UTF8.GetBytes(Key, _data);
        Encoding.UTF8.GetBytes(Value, _data.AsSpan(_keyLength));
    }

    /// <summary>An entry from bytes already UTF-8 (a snapshot or a message being read).</summary>
    public KvEntry(ReadOnlySpan<byte> Utf8Key, ReadOnlySpan<byte> Utf8Value, long Version, long ModRevision, long? ExpiresAtMs)
    {
        _keyLength = Utf8Key.Length;
        _data = Allocate(Utf8Key.Length + Utf8Value.Length, Version, ModRevision, ExpiresAtMs ?? 0, out _trailer);
        Utf8Key.CopyTo(_data);
        Utf8Value.CopyTo(_data.AsSpan(_keyLength));
    }

    public string Key => Encoding.UTF8.GetString(_data, 0, _keyLength);

    public ReadOnlySpan<byte> KeyUtf8 => _data.AsSpan(0, _keyLength);

    public string Value => Encoding.UTF8.GetString(ValueUtf8);

    public ReadOnlySpan<byte> ValueUtf8 => _data.AsSpan(_keyLength, ValueByteCount);

    /// <summary>The value's length in UTF-8 bytes (Redis's STRLEN).</summary>
    public int ValueByteCount => _data.Length - TrailerLength - _keyLength;

    /// <summary>Bytes of the array holding key, value and trailer (for the memory model).</summary>
    internal int DataBytes => _data.Length;

    // The init accessors serve `with`: a changed number means a new array (the old one may be shared with the original).
    public long Version
    {
        get => NumberAfterExpiry(0);
        init => (_data, _trailer) = Renumbered(value, ModRevision, ExpiresAtMsOrZero);
    }

    public long ModRevision
    {
        get => NumberAfterExpiry(1);
        init => (_data, _trailer) = Renumbered(Version, value, ExpiresAtMsOrZero);
    }

    public long? ExpiresAtMs
    {
        get => HasExpiryFlag ? ExpiresAtMsOrZero : null;
        init => (_data, _trailer) = Renumbered(Version, ModRevision, value ?? 0);
    }

    private int TrailerLength => _trailer & ~HasExpiry;

    private bool HasExpiryFlag => (_trailer & HasExpiry) != 0;

    private ReadOnlySpan<byte> Trailer => _data.AsSpan(_data.Length - TrailerLength);

    private long ExpiresAtMsOrZero => HasExpiryFlag ? EntryTrailer.Read(Trailer, 0) : 0;

    public bool IsExpiredAt(long nowMs) => HasExpiryFlag && ExpiresAtMsOrZero <= nowMs;

    // The version (0) or the revision (1): they follow the expiry when there is one.
    private long NumberAfterExpiry(int index) => EntryTrailer.Read(Trailer, (HasExpiryFlag ? 1 : 0) + index);

    // The array holds every field.
    public bool Equals(KvEntry? other) =>
        other is not null && _keyLength == other._keyLength && _data.AsSpan().SequenceEqual(other._data);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_keyLength);
        hash.AddBytes(_data);
        return hash.ToHashCode();
    }

    private static byte[] Allocate(int keyAndValueLength, long version, long modRevision, long expiresAtMs, out byte trailer)
    {
        var trailerLength = EntryTrailer.Length(version, modRevision, expiresAtMs);
        var data = GC.AllocateUninitializedArray<byte>(keyAndValueLength + trailerLength);
        EntryTrailer.Write(data.AsSpan(keyAndValueLength), version, modRevision, expiresAtMs);
        trailer = (byte)(trailerLength | (expiresAtMs == 0 ? 0 : HasExpiry));
        return data;
    }

    private (byte[] Data, byte Trailer) Renumbered(long version, long modRevision, long expiresAtMs)
    {
        var keyAndValue = _data.AsSpan(0, _data.Length - TrailerLength);
        var data = Allocate(keyAndValue.Length, version, modRevision, expiresAtMs, out var trailer);
        keyAndValue.CopyTo(data);
        return (data, trailer);
    }

    // The record's printout shows the value as text.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Key = {Key}, Value = {Value}, Version = {Version}, ModRevision = {ModRevision}, ExpiresAtMs = {ExpiresAtMs}");
        return true;
    }
}
