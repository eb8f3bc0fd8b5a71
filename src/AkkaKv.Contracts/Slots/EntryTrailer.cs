namespace AkkaKv.Slots;

/// <summary>The numbers of a <see cref="KvEntry"/>, kept as variable-length integers (7 bits a byte, as protobuf and
/// <see cref="System.IO.BinaryWriter.Write7BitEncodedInt64"/> write them) at the end of the entry's array, after the
/// key and the value: the expiry when there is one, then the version, then the revision. A first version and a
/// revision below 16,384 take 3 bytes where three longs would take 24, and small entries are most of a cache.</summary>
internal static class EntryTrailer
{
    /// <summary>How many bytes the trailer of these numbers takes.</summary>
    public static int Length(long version, long modRevision, long expiresAtMs) =>
        (expiresAtMs == 0 ? 0 : SizeOf(expiresAtMs)) + SizeOf(version) + SizeOf(modRevision);

    /// <summary>Writes the trailer into <paramref name="into"/>, which is exactly <see cref="Length"/> bytes.</summary>
    public static void Write(Span<byte> into, long version, long modRevision, long expiresAtMs)
    {
        var at = 0;
        if (expiresAtMs != 0)
        {
            at += WriteOne(into[at..], expiresAtMs);
        }

        at += WriteOne(into[at..], version);
        WriteOne(into[at..], modRevision);
    }

    /// <summary>The <paramref name="index"/>-th number of a trailer (0 = the first one written).</summary>
    public static long Read(ReadOnlySpan<byte> trailer, int index)
    {
        var at = 0;
        for (var i = 0; ; i++)
        {
            var value = ReadOne(trailer, ref at);
            if (i == index)
            {
                return value;
            }
        }
    }

    private static int SizeOf(long value)
    {
        // Negative numbers take all 10 bytes, as in protobuf; only a test would store one.
        var bits = 64 - long.LeadingZeroCount(value | 1);
        return (int)((bits + 6) / 7);
    }

    private static int WriteOne(Span<byte> into, long value)
    {
        var rest = (ulong)value;
        var at = 0;
        while (rest >= 0x80)
        {
            into[at++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        into[at++] = (byte)rest;
        return at;
    }

    private static long ReadOne(ReadOnlySpan<byte> from, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = from[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (long)value;
            }
        }
    }
}
