using System.Buffers.Binary;
using System.Text;

namespace AkkaKv.Actors.Serialization;

/// <summary>Writes BinaryWriter's layout (7-bit length-prefixed UTF-8 strings, little-endian integers, one-byte
/// booleans) into an array whose size the caller has computed with <see cref="SizeOfUtf8"/>. A journaled event is
/// serialized on every durable write: through a MemoryStream and a BinaryWriter that cost four allocations and ~350
/// bytes per event (the stream, its 256-byte first buffer, the writer, the final copy), where the bytes are ~30-150.
/// </summary>
internal ref struct ExactSizeWriter(byte[] buffer)
{
    private readonly Span<byte> _span = buffer;
    private int _at;

    /// <summary>Bytes a UTF-8 string of <paramref name="length"/> bytes takes with its length prefix.</summary>
    public static int SizeOfUtf8(int length) => SizeOfLength(length) + length;

    /// <summary>Bytes of BinaryWriter's 7-bit encoded length: 7 bits per byte.</summary>
    private static int SizeOfLength(int length) => length switch
    {
        < 1 << 7 => 1,
        < 1 << 14 => 2,
        < 1 << 21 => 3,
        < 1 << 28 => 4,
        _ => 5,
    };

    /// <summary>Writes a string whose UTF-8 length the caller counted when sizing the array (counted once, not
    /// twice).</summary>
    public void Write(string value, int utf8Length)
    {
        WriteLength(utf8Length);
        _at += Encoding.UTF8.GetBytes(value, _span[_at..]);
    }

    public void WriteUtf8(ReadOnlySpan<byte> utf8)
    {
        WriteLength(utf8.Length);
        utf8.CopyTo(_span[_at..]);
        _at += utf8.Length;
    }

    public void Write(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_span[_at..], value);
        _at += sizeof(long);
    }

    public void Write(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_span[_at..], value);
        _at += sizeof(int);
    }

    public void Write(bool value) => _span[_at++] = value ? (byte)1 : (byte)0;

    /// <summary>Throws unless every byte of the array was written: a size computed wrong would otherwise leave zeros
    /// that replay would read as data.</summary>
    public readonly void Done()
    {
        if (_at != _span.Length)
        {
            throw new InvalidOperationException($"{_span.Length} bytes were reserved and {_at} written");
        }
    }

    private void WriteLength(int length)
    {
        var rest = (uint)length;
        while (rest >= 0x80)
        {
            _span[_at++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        _span[_at++] = (byte)rest;
    }
}
