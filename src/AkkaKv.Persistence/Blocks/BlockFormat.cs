using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// The bytes of a journal block: the events of one group commit, one record after another. A record is
/// <c>pid, sequence_nr, timestamp, manifest, writer_uuid, serializer_id, serializer_manifest, payload</c>: strings as a
/// 16-bit length and UTF-8 bytes, numbers little-endian, the payload as a 32-bit length and its bytes. A record is read
/// on its own (the index knows its offset and length), so replay reads only the records it needs.
/// </summary>
internal static class BlockFormat
{
    /// <summary>Appends <paramref name="row"/>'s record to <paramref name="buffer"/>; returns its length.</summary>
    public static int Write(ArrayBufferWriter<byte> buffer, in JournalRow row)
    {
        var payload = row.Payload.Bytes;
        var max = 2 + 8 + 8 + 2 + 2 + 4 + 2 + 4 + payload.Length
            + Encoding.UTF8.GetMaxByteCount(row.PersistenceId.Length + row.Manifest.Length + row.WriterUuid.Length + row.Payload.Manifest.Length);
        var span = buffer.GetSpan(max);
        var n = WriteString(span, row.PersistenceId);
        BinaryPrimitives.WriteInt64LittleEndian(span[n..], row.SequenceNr);
        BinaryPrimitives.WriteInt64LittleEndian(span[(n + 8)..], row.Timestamp);
        n += 16;
        n += WriteString(span[n..], row.Manifest);
        n += WriteString(span[n..], row.WriterUuid);
        BinaryPrimitives.WriteInt32LittleEndian(span[n..], row.Payload.SerializerId);
        n += 4;
        n += WriteString(span[n..], row.Payload.Manifest);
        BinaryPrimitives.WriteInt32LittleEndian(span[n..], payload.Length);
        n += 4;
        payload.CopyTo(span[n..]);
        n += payload.Length;
        buffer.Advance(n);
        return n;
    }

    /// <summary>The event in one record.</summary>
    public static JournalRow Read(ReadOnlySpan<byte> record)
    {
        var pid = ReadString(record, out var n);
        var seq = BinaryPrimitives.ReadInt64LittleEndian(record[n..]);
        var timestamp = BinaryPrimitives.ReadInt64LittleEndian(record[(n + 8)..]);
        var rest = record[(n + 16)..];
        var manifest = ReadString(rest, out n);
        rest = rest[n..];
        var writer = ReadString(rest, out n);
        rest = rest[n..];
        var serializerId = BinaryPrimitives.ReadInt32LittleEndian(rest);
        rest = rest[4..];
        var serializerManifest = ReadString(rest, out n);
        rest = rest[n..];
        var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
        if (length < 0 || length > rest.Length - 4)
        {
            throw new InvalidDataException($"a journal record's payload of {length} bytes runs past its end");
        }

        return new JournalRow(pid, seq, timestamp, manifest, writer, new SerializedPayload(serializerId, serializerManifest, rest.Slice(4, length).ToArray()));
    }

    /// <summary>Each record of a block: its persistence id, sequence number, offset and length, in order.</summary>
    public static IEnumerable<(string Pid, long SequenceNr, int Offset, int Length)> Records(byte[] block)
    {
        var offset = 0;
        while (offset < block.Length)
        {
            var (pid, seq, length) = Header(block.AsSpan(offset));
            yield return (pid, seq, offset, length);
            offset += length;
        }
    }

    private static (string Pid, long SequenceNr, int Length) Header(ReadOnlySpan<byte> record)
    {
        var pid = ReadString(record, out var n);
        var seq = BinaryPrimitives.ReadInt64LittleEndian(record[n..]);
        n += 16;
        n += SkipString(record[n..]); // manifest
        n += SkipString(record[n..]); // writer uuid
        n += 4;
        n += SkipString(record[n..]); // serializer manifest
        var payload = BinaryPrimitives.ReadInt32LittleEndian(record[n..]);
        n += 4;
        if (payload < 0 || payload > record.Length - n)
        {
            throw new InvalidDataException($"a journal record's payload of {payload} bytes runs past its block");
        }

        return (pid, seq, n + payload);
    }

    private static int WriteString(Span<byte> span, string value)
    {
        var length = Encoding.UTF8.GetBytes(value, span[2..]);
        if (length > ushort.MaxValue)
        {
            throw new ArgumentException($"a journal string of {length} bytes (at most {ushort.MaxValue})");
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)length);
        return 2 + length;
    }

    private static string ReadString(ReadOnlySpan<byte> span, out int consumed)
    {
        consumed = 2 + BinaryPrimitives.ReadUInt16LittleEndian(span);
        return Encoding.UTF8.GetString(span[2..consumed]);
    }

    private static int SkipString(ReadOnlySpan<byte> span) => 2 + BinaryPrimitives.ReadUInt16LittleEndian(span);
}
