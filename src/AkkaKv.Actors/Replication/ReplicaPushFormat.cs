using System.Buffers.Binary;

namespace AkkaKv.Actors.Replication;

/// <summary>The bytes of a replica push on the forward channel: the push's id (the sender's, for the acknowledgement),
/// the bucket, then the changes as <see cref="Serialization.ReplicaSerializer"/> writes a <see cref="ReplicaMap"/>; an
/// acknowledgement is the id alone.</summary>
internal static class ReplicaPushFormat
{
    private const int HeaderBytes = 12;

    public static byte[] Push(long id, int bucket, byte[] changes)
    {
        var payload = new byte[HeaderBytes + changes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(payload, id);
        BinaryPrimitives.WriteInt32LittleEndian(payload.AsSpan(8), bucket);
        changes.CopyTo(payload, HeaderBytes);
        return payload;
    }

    /// <summary>The id, bucket and serialized changes of a push; throws <see cref="InvalidDataException"/> on a payload
    /// too short to be one or a bucket out of range.</summary>
    public static (long Id, int Bucket, byte[] Changes) ReadPush(byte[] payload)
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

        return (BinaryPrimitives.ReadInt64LittleEndian(payload), bucket, payload[HeaderBytes..]);
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
