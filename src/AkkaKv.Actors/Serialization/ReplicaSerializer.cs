using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using AkkaKv.Actors.Replication;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Serialization;

/// <summary>Binary, versioned form of <see cref="ReplicaMap"/>, which DistributedData sends in updates, deltas and gossip.
/// Entries are written sorted by key: the replicator compares replicas by a digest of these bytes, so two replicas that
/// hold the same entries must serialize identically, or gossip would keep shipping whole buckets between them.</summary>
public sealed class ReplicaSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1704;
    private const string ReplicaMapV1 = "RM1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o is ReplicaMap
        ? ReplicaMapV1
        : throw new ArgumentException($"{o.GetType()} is not serialized by {nameof(ReplicaSerializer)}", nameof(o));

    public override byte[] ToBinary(object obj)
    {
        var map = (ReplicaMap)obj;
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            var entries = map.Entries.Values.ToArray();
            Array.Sort(entries, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            WriteEntries(w, entries);
        }

        return stream.ToArray();
    }

    /// <summary>Entries in this serializer's format, in the order given (a replica push's changes use it too).</summary>
    internal static void WriteEntries(BinaryWriter w, IReadOnlyList<ReplicaEntry> entries)
    {
        w.WriteVarint(entries.Count);
        foreach (var entry in entries)
        {
            w.Write(entry.Key);
            w.WriteOptional(entry.Value);
            w.WriteVarint(entry.Version);
            w.WriteVarint(entry.Revision);
            w.WriteOptional(entry.ExpiresAtMs);
            w.WriteVarint(entry.DeletedAtMs);
        }
    }

    internal static ReplicaEntry[] ReadEntries(BinaryReader r)
    {
        var count = r.ReadCount();
        var entries = new ReplicaEntry[count];
        for (var i = 0; i < count; i++)
        {
            entries[i] = new ReplicaEntry(r.ReadString(), r.ReadOptionalString(), r.ReadVarint64(), r.ReadVarint64(), r.ReadOptionalInt64(), r.ReadVarint64());
        }

        return entries;
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest != ReplicaMapV1)
        {
            throw new SerializationException($"{nameof(ReplicaSerializer)} does not know manifest '{manifest}'");
        }

        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return ReplicaMap.Of(ReadEntries(r));
    }
}
