using System.Buffers.Binary;
using System.Runtime.Serialization;
using System.Text;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Serialization;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>The bytes of a replica push on the forward channel: the push's id (the sender's, for the acknowledgement),
/// then the changes of one or more buckets, each in <see cref="ReplicaSerializer"/>'s entry format as the batch holds
/// them (a <see cref="ReplicaMap"/> is not built for them on either side: its dictionary cost more than the rest of the
/// push); an acknowledgement is the id alone.
/// <para>Two layouts: <see cref="ChannelFrames.ReplicaPushBuckets"/> (what this version sends: id, section count, then
/// per section the bucket and its entries; one push per node per flush, whatever buckets it touches) and
/// <see cref="ChannelFrames.ReplicaPush"/> (one bucket: id, bucket, entries), which nodes of the previous version send
/// and which is still read from them during a rolling upgrade.</para></summary>
internal static class ReplicaPushFormat
{
    private const int IdBytes = 8;

    public static byte[] Push(long id, IReadOnlyList<ReplicaBatch> batches)
    {
        var entries = 0;
        foreach (var batch in batches)
        {
            entries += batch.Entries.Count;
        }

        using var stream = new MemoryStream(IdBytes + 4 + (batches.Count * 8) + (entries * 64));
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(id);
            w.Write(batches.Count);
            foreach (var batch in batches)
            {
                w.Write(batch.Bucket);
                ReplicaSerializer.WriteEntries(w, batch.Entries);
            }
        }

        return stream.ToArray();
    }

    /// <summary>The id and the changes per bucket of a push of frame kind <paramref name="kind"/>; throws
    /// <see cref="InvalidDataException"/> on bytes that are not one (too short, a bucket out of range, truncated
    /// entries, an unknown kind).</summary>
    public static (long Id, List<(int Bucket, ReplicaEntry[] Changes)> Sections) ReadPush(byte kind, byte[] payload)
    {
        if (payload.Length < IdBytes + 4)
        {
            throw new InvalidDataException($"a replica push of {payload.Length} bytes");
        }

        try
        {
            using var r = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
            var id = r.ReadInt64();
            var count = kind switch
            {
                ChannelFrames.ReplicaPushBuckets => r.ReadInt32(),
                ChannelFrames.ReplicaPush => 1,
                _ => throw new InvalidDataException($"frame kind {kind} is not a replica push"),
            };
            if (count is < 1 or > ReplicaSettings.BucketCount)
            {
                throw new InvalidDataException($"a replica push of {count} buckets");
            }

            var sections = new List<(int, ReplicaEntry[])>(count);
            for (var i = 0; i < count; i++)
            {
                var bucket = r.ReadInt32();
                if (bucket is < 0 or >= ReplicaSettings.BucketCount)
                {
                    throw new InvalidDataException($"a replica push for bucket {bucket}");
                }

                sections.Add((bucket, ReplicaSerializer.ReadEntries(r)));
            }

            return (id, sections);
        }
        catch (Exception e) when (e is EndOfStreamException or SerializationException or FormatException)
        {
            throw new InvalidDataException("a replica push cut short", e);
        }
    }

    public static byte[] Ack(long id)
    {
        var payload = new byte[IdBytes];
        BinaryPrimitives.WriteInt64LittleEndian(payload, id);
        return payload;
    }

    public static long ReadAck(byte[] payload) => payload.Length == IdBytes
        ? BinaryPrimitives.ReadInt64LittleEndian(payload)
        : throw new InvalidDataException($"a replica push acknowledgement of {payload.Length} bytes");
}
