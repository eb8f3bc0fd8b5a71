using System.Runtime.Serialization;
using System.Text;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Serialization;

/// <summary>The building blocks every message format is written in. Integers are zig-zag varints: slots, counts,
/// versions and revisions are small and non-negative, expiries need ~6 of 8 bytes, and the negative numbers ops use
/// (TTL -1/-2, range ends) stay short. Strings are BinaryWriter's length-prefixed UTF-8; doubles keep their exact bits.</summary>
internal static class WireEncoding
{
    /// <summary>One message's bytes, written by <paramref name="write"/> (state passed in, so callers need no closure).</summary>
    public static byte[] Encode<TState>(TState state, Action<BinaryWriter, TState> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            write(writer, state);
        }

        return stream.ToArray();
    }

    /// <summary>Reads one message with <paramref name="read"/>, which must take exactly <paramref name="bytes"/>: bytes
    /// left over, or too few, mean writer and reader disagree on the format, so it fails rather than drop fields.</summary>
    public static object Decode<TState>(byte[] bytes, string manifest, TState state, Func<BinaryReader, TState, object> read)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        try
        {
            var message = read(reader, state);
            return reader.BaseStream.Position == bytes.Length
                ? message
                : throw new SerializationException($"{bytes.Length - reader.BaseStream.Position} bytes left over after a '{manifest}'");
        }
        catch (EndOfStreamException e)
        {
            throw new SerializationException($"'{manifest}' ended early", e);
        }
    }

    public static void WriteVarint(this BinaryWriter writer, long value) =>
        writer.Write7BitEncodedInt64((value << 1) ^ (value >> 63));

    public static long ReadVarint64(this BinaryReader reader)
    {
        var zigzag = (ulong)reader.Read7BitEncodedInt64();
        return (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
    }

    public static int ReadVarint32(this BinaryReader reader)
    {
        var value = reader.ReadVarint64();
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw new SerializationException($"{value} does not fit a 32-bit field");
    }

    public static void WriteOptional(this BinaryWriter writer, long? value)
    {
        writer.Write(value.HasValue);
        if (value is { } v)
        {
            writer.WriteVarint(v);
        }
    }

    public static long? ReadOptionalInt64(this BinaryReader reader) => reader.ReadBoolean() ? reader.ReadVarint64() : null;

    public static void WriteOptional(this BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
        {
            writer.Write(value);
        }
    }

    public static string? ReadOptionalString(this BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    public static void WriteByteArray(this BinaryWriter writer, byte[] value)
    {
        writer.WriteVarint(value.Length);
        writer.Write(value);
    }

    public static byte[] ReadByteArray(this BinaryReader reader)
    {
        var length = reader.ReadCount();
        return reader.ReadBytes(length);
    }

    /// <summary>A list's element count, checked against the bytes left (every element takes at least one), so corrupt
    /// input fails here instead of allocating a huge array.</summary>
    public static int ReadCount(this BinaryReader reader)
    {
        var count = reader.ReadVarint32();
        var left = reader.BaseStream.Length - reader.BaseStream.Position;
        return count >= 0 && count <= left
            ? count
            : throw new SerializationException($"a count of {count} with {left} bytes left");
    }

    public static void WriteList<T>(this BinaryWriter writer, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.WriteVarint(items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    public static T[] ReadList<T>(this BinaryReader reader, Func<BinaryReader, T> read)
    {
        var items = new T[reader.ReadCount()];
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = read(reader);
        }

        return items;
    }

    public static void WriteStrings(this BinaryWriter writer, IReadOnlyList<string> items) =>
        writer.WriteList(items, static (w, s) => w.Write(s));

    public static string[] ReadStrings(this BinaryReader reader) => reader.ReadList(static r => r.ReadString());

    /// <summary>UTF-8 bytes in the layout of <see cref="BinaryWriter.Write(string)"/> (a 7-bit encoded length, then the
    /// bytes), so an entry's key and value go out as stored, with no decoding, and reads back with either method.</summary>
    public static void WriteUtf8(this BinaryWriter writer, ReadOnlySpan<byte> utf8)
    {
        writer.Write7BitEncodedInt(utf8.Length);
        writer.Write(utf8);
    }

    /// <summary>Reads what <see cref="WriteUtf8"/> (or <see cref="BinaryWriter.Write(string)"/>) wrote, as bytes.</summary>
    public static byte[] ReadUtf8(this BinaryReader reader)
    {
        var length = reader.Read7BitEncodedInt();
        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException($"a string of {length} bytes with {bytes.Length} left");
    }

    public static void WriteEntry(this BinaryWriter writer, KvEntry entry)
    {
        writer.WriteUtf8(entry.KeyUtf8);
        writer.WriteUtf8(entry.ValueUtf8);
        writer.WriteVarint(entry.Version);
        writer.WriteVarint(entry.ModRevision);
        writer.WriteOptional(entry.ExpiresAtMs);
    }

    public static KvEntry ReadEntry(this BinaryReader reader) =>
        new(reader.ReadUtf8(), reader.ReadUtf8(), reader.ReadVarint64(), reader.ReadVarint64(), reader.ReadOptionalInt64());

    public static void WriteOptional(this BinaryWriter writer, KvEntry? entry)
    {
        writer.Write(entry is not null);
        if (entry is not null)
        {
            writer.WriteEntry(entry);
        }
    }

    public static KvEntry? ReadOptionalEntry(this BinaryReader reader) => reader.ReadBoolean() ? reader.ReadEntry() : null;

    /// <summary>A value whose type varies (an op in a RunOps, an op result's payload): its manifest, then its body. The
    /// manifest carries the version, so a new format of an op needs no new format of the messages that hold it.</summary>
    public static void WriteTagged(this BinaryWriter writer, object value)
    {
        var format = KvMessageSerializer.Formats.ForType(value.GetType());
        writer.Write(format.Manifest);
        format.Write(writer, value);
    }

    public static object ReadTagged(this BinaryReader reader) => KvMessageSerializer.Formats.ForManifest(reader.ReadString()).Read(reader);

    public static T ReadTagged<T>(this BinaryReader reader) =>
        reader.ReadTagged() is T value ? value : throw new SerializationException($"expected a {typeof(T).Name}");
}
