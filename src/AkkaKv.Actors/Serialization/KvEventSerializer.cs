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

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case ValueSet set:
                    WriteEntry(writer, set.Key, set.Value, set.Version, set.Revision, set.ExpiresAtMs);
                    break;
                case KeyDeleted deleted:
                    writer.Write(deleted.Key);
                    writer.Write(deleted.Revision);
                    break;
                case KeyExpired expired:
                    writer.Write(expired.Key);
                    writer.Write(expired.Revision);
                    break;
                case SlotCleared cleared:
                    writer.Write(cleared.Revision);
                    break;
                case SlotSnapshot snapshot:
                    writer.Write(snapshot.Revision);
                    writer.Write(snapshot.Entries.Count);
                    foreach (var e in snapshot.Entries)
                    {
                        writer.WriteUtf8(e.KeyUtf8);
                        writer.WriteUtf8(e.ValueUtf8);
                        WriteVersions(writer, e.Version, e.ModRevision, e.ExpiresAtMs);
                    }

                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not serialized by {nameof(KvEventSerializer)}", nameof(obj));
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        switch (manifest)
        {
            case ValueSetV1:
                var key = reader.ReadString();
                var value = reader.ReadString();
                var (version, revision, expiresAt) = ReadVersions(reader);
                return new ValueSet(key, value, version, revision, expiresAt);
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

    private static void WriteEntry(BinaryWriter writer, string key, string value, long version, long revision, long? expiresAtMs)
    {
        writer.Write(key);
        writer.Write(value);
        WriteVersions(writer, version, revision, expiresAtMs);
    }

    private static void WriteVersions(BinaryWriter writer, long version, long revision, long? expiresAtMs)
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
