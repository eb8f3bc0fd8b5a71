using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using AkkaKv.Actors.Serialization;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>The bytes of a replica push on the forward channel: the push's id (the sender's, for the acknowledgement),
/// the bucket, then the changes in <see cref="ReplicaSerializer"/>'s entry format, as the batch holds them (a
/// <see cref="ReplicaMap"/> is not built for them on either side: its dictionary cost more than the rest of the push);
/// an acknowledgement is the id alone.</summary>
internal static class ReplicaPushFormat
{
    private const int HeaderBytes = 12;

    public static byte[] Push(long id, int bucket, IReadOnlyList<ReplicaEntry> changes)
    {
        using var stream = new MemoryStream(HeaderBytes + (changes.Count * 64));
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt64LittleEndian(header, id);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], bucket);
        stream.Write(header);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            ReplicaSerializer.WriteEntries(w, changes);
        }

        return stream.ToArray();
    }

    /// <summary>The id, bucket and changes of a push; throws <see cref="InvalidDataException"/> on bytes that are not
    /// one (too short, a bucket out of range, truncated entries).</summary>
    public static (long Id, int Bucket, ReplicaEntry[] Changes) ReadPush(byte[] payload)
    {
        if (payload.Length < HeaderBytes)
        {
            throw new InvalidDataException($"a replica push of {payload.Length} bytes");
        }

        var bucket = BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(8));
        if (bucket is < 0 or >= ReplicaSettings.BucketCount)
        {
            throw new InvalidDataException($"a replica push for bucket {bucket}");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(payload, HeaderBytes, payload.Length - HeaderBytes), Encoding.UTF8);
            return (BinaryPrimitives.ReadInt64LittleEndian(payload), bucket, ReplicaSerializer.ReadEntries(r));
        }
        catch (Exception e) when (e is EndOfStreamException or SerializationException or FormatException)
        {
            throw new InvalidDataException("a replica push cut short", e);
        }
    }

    public static byte[] Ack(long id)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(payload, id);
        return payload;
    }

    public static long ReadAck(byte[] payload) => payload.Length == 8
        ? BinaryPrimitives.ReadInt64LittleEndian(payload)
        : throw new InvalidDataException($"a replica push acknowledgement of {payload.Length} bytes");
}
