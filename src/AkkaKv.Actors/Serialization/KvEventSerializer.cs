using System.Text;
using Akka.Actor;
using Akka.Serialization;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Serialization;

/// <summary>Compact, versioned binary form of what slots journal (events and snapshots). The manifest carries the
/// format version, so a later format can be added beside this one and old journals still replay.</summary>
public sealed class KvEventSerializer : SerializerWithStringManifest
{
    public const int Id = 1701;

    private const string ValueSetV1 = "VS1";
    private const string KeyDeletedV1 = "KD1";
    private const string KeyExpiredV1 = "KE1";
    private const string SlotClearedV1 = "SC1";
    private const string SnapshotV1 = "SS1";

    public KvEventSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ValueSet => ValueSetV1,
        KeyDeleted => KeyDeletedV1,
        KeyExpired => KeyExpiredV1,
        SlotCleared => SlotClearedV1,
        SlotSnapshot => SnapshotV1,
        _ => throw new ArgumentException($"{o.GetType()} is not serialized by {nameof(KvEventSerializer)}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ValueSet set => Entry(set.Entry),
        KeyDeleted deleted => KeyAndRevision(deleted.Key, deleted.Revision),
        KeyExpired expired => KeyAndRevision(expired.Key, expired.Revision),
        SlotCleared cleared => Revision(cleared.Revision),
        SlotSnapshot snapshot => Snapshot(snapshot),
        _ => throw new ArgumentException($"{obj.GetType()} is not serialized by {nameof(KvEventSerializer)}", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        switch (manifest)
        {
            case ValueSetV1:
                return new ValueSet(ReadEntry(reader)); // the same layout as a snapshot's entry
            case KeyDeletedV1:
                return new KeyDeleted(reader.ReadString(), reader.ReadInt64());
            case KeyExpiredV1:
                return new KeyExpired(reader.ReadString(), reader.ReadInt64());
            case SlotClearedV1:
                return new SlotCleared(reader.ReadInt64());
            case SnapshotV1:
                var snapshotRevision = reader.ReadInt64();
                var entries = new KvEntry[reader.ReadInt32()];
                for (var i = 0; i < entries.Length; i++)
                {
                    entries[i] = ReadEntry(reader);
                }

                return new SlotSnapshot(snapshotRevision, entries);
            default:
                throw new System.Runtime.Serialization.SerializationException($"unknown manifest '{manifest}' for {nameof(KvEventSerializer)}");
        }
    }

    /// <summary>The entry's UTF-8 bytes as they are: a ValueSet is serialized on every durable write.</summary>
    private static byte[] Entry(KvEntry entry)
    {
        var bytes = new byte[SizeOfEntry(entry)];
        var writer = new ExactSizeWriter(bytes);
        WriteEntry(ref writer, entry);
        writer.Done();
        return bytes;
    }

    private static byte[] KeyAndRevision(string key, long revision)
    {
        var length = Encoding.UTF8.GetByteCount(key);
        var bytes = new byte[ExactSizeWriter.SizeOfUtf8(length) + sizeof(long)];
        var writer = new ExactSizeWriter(bytes);
        writer.Write(key, length);
        writer.Write(revision);
        writer.Done();
        return bytes;
    }

    private static byte[] Revision(long revision)
    {
        var bytes = new byte[sizeof(long)];
        var writer = new ExactSizeWriter(bytes);
        writer.Write(revision);
        writer.Done();
        return bytes;
    }

    private static byte[] Snapshot(SlotSnapshot snapshot)
    {
        var size = sizeof(long) + sizeof(int);
        foreach (var e in snapshot.Entries)
        {
            size += SizeOfEntry(e);
        }

        var bytes = new byte[size];
        var writer = new ExactSizeWriter(bytes);
        writer.Write(snapshot.Revision);
        writer.Write(snapshot.Entries.Count);
        foreach (var e in snapshot.Entries)
        {
            WriteEntry(ref writer, e);
        }

        writer.Done();
        return bytes;
    }

    private static int SizeOfEntry(KvEntry e) =>
        ExactSizeWriter.SizeOfUtf8(e.KeyUtf8.Length) + ExactSizeWriter.SizeOfUtf8(e.ValueUtf8.Length) + SizeOfVersions(e.ExpiresAtMs);

    private static void WriteEntry(ref ExactSizeWriter writer, KvEntry e)
    {
        writer.WriteUtf8(e.KeyUtf8);
        writer.WriteUtf8(e.ValueUtf8);
        WriteVersions(ref writer, e.Version, e.ModRevision, e.ExpiresAtMs);
    }

    private static int SizeOfVersions(long? expiresAtMs) => sizeof(long) + sizeof(long) + 1 + (expiresAtMs.HasValue ? sizeof(long) : 0);

    private static void WriteVersions(ref ExactSizeWriter writer, long version, long revision, long? expiresAtMs)
    {
        writer.Write(version);
        writer.Write(revision);
        writer.Write(expiresAtMs.HasValue);
        if (expiresAtMs is { } at)
        {
            writer.Write(at);
        }
    }

    private static KvEntry ReadEntry(BinaryReader reader)
    {
        var key = reader.ReadUtf8();
        var value = reader.ReadUtf8();
        var (version, revision, expiresAt) = ReadVersions(reader);
        return new KvEntry(key, value, version, revision, expiresAt);
    }

    private static (long Version, long Revision, long? ExpiresAtMs) ReadVersions(BinaryReader reader)
    {
        var version = reader.ReadInt64();
        var revision = reader.ReadInt64();
        long? expiresAt = reader.ReadBoolean() ? reader.ReadInt64() : null;
        return (version, revision, expiresAt);
    }
}
