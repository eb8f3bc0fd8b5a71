using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;
using AkkaKv.Coordination;

namespace AkkaKv.Actors.Serialization;

/// <summary>Binary, versioned form of what the keyspace coordinator receives, answers and journals. One manifest per
/// type with a version suffix: a later format is added beside the old one, so old journals still replay.</summary>
public sealed class CoordinationSerializer : SerializerWithStringManifest
{
    public const int Id = 1703;

    private const string RegisterNodeV1 = "RN1";
    private const string NodeAcceptedV1 = "NA1";
    private const string NodeRefusedV1 = "NR1";
    private const string SlotsReportV1 = "SR1";
    private const string GetKeyspaceViewV1 = "GV1";
    private const string KeyspaceViewV1 = "KV1";
    private const string KeyspaceBornV1 = "KB1";
    private const string SlotOwnerChangedV1 = "SO1";
    private const string CoordinatorSnapshotV1 = "CS1";

    public CoordinationSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        RegisterNode => RegisterNodeV1,
        NodeAccepted => NodeAcceptedV1,
        NodeRefused => NodeRefusedV1,
        SlotsReport => SlotsReportV1,
        GetKeyspaceView => GetKeyspaceViewV1,
        KeyspaceView => KeyspaceViewV1,
        KeyspaceBorn => KeyspaceBornV1,
        SlotOwnerChanged => SlotOwnerChangedV1,
        CoordinatorSnapshot => CoordinatorSnapshotV1,
        _ => throw new ArgumentException($"{o.GetType()} is not serialized by {nameof(CoordinationSerializer)}", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case RegisterNode register:
                    w.Write(register.Address);
                    WriteConfig(w, register.Config);
                    WritePrefixes(w, register.Config);
                    break;
                case NodeAccepted accepted:
                    WriteConfig(w, accepted.Config);
                    w.Write(accepted.BornAtMs);
                    WritePrefixes(w, accepted.Config);
                    break;
                case NodeRefused refused:
                    w.Write(refused.Reason);
                    break;
                case SlotsReport report:
                    w.Write(report.Address);
                    w.WriteList(report.Slots, static (w, s) =>
                    {
                        w.Write(s.Slot);
                        w.Write(s.Keys);
                        w.Write(s.Revision);
                    });
                    WriteSizes(w, report.Slots.Select(s => s.Bytes).ToList());
                    break;
                case GetKeyspaceView:
                    break;
                case KeyspaceView view:
                    WriteOptionalConfig(w, view.Config);
                    w.Write(view.BornAtMs);
                    w.WriteList(view.Slots, static (w, s) =>
                    {
                        w.Write(s.Slot);
                        w.WriteOptional(s.Owner);
                        w.Write(s.Keys);
                        w.Write(s.Revision);
                    });
                    WriteSizes(w, view.Slots.Select(s => s.Bytes).ToList());
                    WritePrefixes(w, view.Config);
                    break;
                case KeyspaceBorn born:
                    WriteConfig(w, born.Config);
                    w.Write(born.AtMs);
                    WritePrefixes(w, born.Config);
                    break;
                case SlotOwnerChanged moved:
                    w.Write(moved.Slot);
                    w.WriteOptional(moved.Owner);
                    break;
                case CoordinatorSnapshot snapshot:
                    WriteOptionalConfig(w, snapshot.Config);
                    w.Write(snapshot.BornAtMs);
                    w.WriteList(snapshot.Owners, static (w, owner) => w.WriteOptional(owner));
                    WritePrefixes(w, snapshot.Config);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not serialized by {nameof(CoordinationSerializer)}", nameof(obj));
            }
        }

        return stream.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return manifest switch
        {
            RegisterNodeV1 => ReadRegisterNode(r),
            NodeAcceptedV1 => ReadNodeAccepted(r),
            NodeRefusedV1 => new NodeRefused(r.ReadString()),
            SlotsReportV1 => ReadSlotsReport(r),
            GetKeyspaceViewV1 => GetKeyspaceView.Instance,
            KeyspaceViewV1 => ReadKeyspaceView(r),
            KeyspaceBornV1 => ReadKeyspaceBorn(r),
            SlotOwnerChangedV1 => new SlotOwnerChanged(r.ReadInt32(), r.ReadOptionalString()),
            CoordinatorSnapshotV1 => ReadCoordinatorSnapshot(r),
            _ => throw new SerializationException($"{nameof(CoordinationSerializer)} does not know manifest '{manifest}'"),
        };
    }

    private static SlotsReport ReadSlotsReport(BinaryReader r)
    {
        var address = r.ReadString();
        var slots = r.ReadList(static r => new SlotStatus(r.ReadInt32(), r.ReadInt32(), r.ReadInt64()));
        var sizes = ReadSizes(r, slots.Length);
        return new SlotsReport(address, [.. slots.Select((s, i) => s with { Bytes = sizes[i] })]);
    }

    private static KeyspaceView ReadKeyspaceView(BinaryReader r)
    {
        var config = ReadOptionalConfig(r);
        var bornAtMs = r.ReadInt64();
        var slots = r.ReadList(static r => new SlotOwnership(r.ReadInt32(), r.ReadOptionalString(), r.ReadInt32(), r.ReadInt64()));
        var sizes = ReadSizes(r, slots.Length);
        return new KeyspaceView(WithPrefixes(config, r), bornAtMs, [.. slots.Select((s, i) => s with { Bytes = sizes[i] })]);
    }

    private static RegisterNode ReadRegisterNode(BinaryReader r)
    {
        var address = r.ReadString();
        return new RegisterNode(address, WithPrefixes(ReadConfig(r), r)!);
    }

    private static NodeAccepted ReadNodeAccepted(BinaryReader r)
    {
        var config = ReadConfig(r);
        var bornAtMs = r.ReadInt64();
        return new NodeAccepted(WithPrefixes(config, r)!, bornAtMs);
    }

    private static KeyspaceBorn ReadKeyspaceBorn(BinaryReader r)
    {
        var config = ReadConfig(r);
        var atMs = r.ReadInt64();
        return new KeyspaceBorn(WithPrefixes(config, r)!, atMs);
    }

    private static CoordinatorSnapshot ReadCoordinatorSnapshot(BinaryReader r)
    {
        var config = ReadOptionalConfig(r);
        var bornAtMs = r.ReadInt64();
        var owners = r.ReadList(static r => r.ReadOptionalString());
        return new CoordinatorSnapshot(WithPrefixes(config, r), bornAtMs, owners);
    }

    /// <summary>The replicated prefixes go last, after every field of the first version (as slot sizes do): a journal
    /// or a node from before replication has none, read as null ("not recorded").</summary>
    private static void WritePrefixes(BinaryWriter w, KeyspaceConfig? config)
    {
        w.Write(config?.ReplicatedPrefixes is not null);
        if (config?.ReplicatedPrefixes is { } prefixes)
        {
            w.WriteList(prefixes, static (w, p) => w.Write(p));
        }
    }

    private static KeyspaceConfig? WithPrefixes(KeyspaceConfig? config, BinaryReader r)
    {
        if (r.BaseStream.Position >= r.BaseStream.Length || !r.ReadBoolean())
        {
            return config;
        }

        var prefixes = r.ReadList(static r => r.ReadString());
        return config is null ? null : config with { ReplicatedPrefixes = prefixes };
    }

    /// <summary>Slot sizes go after the message's first-version fields: a node of the previous version reads the message
    /// and ignores them (a rolling upgrade needs both directions), and a message from such a node has none (all 0).</summary>
    private static void WriteSizes(BinaryWriter w, IReadOnlyList<long> sizes) => w.WriteList(sizes, static (w, bytes) => w.WriteVarint(bytes));

    private static long[] ReadSizes(BinaryReader r, int count)
    {
        if (r.BaseStream.Position >= r.BaseStream.Length)
        {
            return new long[count];
        }

        var sizes = r.ReadList(static r => r.ReadVarint64());
        return sizes.Length == count ? sizes : throw new SerializationException($"{sizes.Length} slot sizes for {count} slots");
    }

    private static void WriteConfig(BinaryWriter w, KeyspaceConfig config)
    {
        w.Write(config.SlotCount);
        w.Write(config.ShardCount);
        w.Write(config.Mode);
    }

    private static KeyspaceConfig ReadConfig(BinaryReader r) => new(r.ReadInt32(), r.ReadInt32(), r.ReadString());

    private static void WriteOptionalConfig(BinaryWriter w, KeyspaceConfig? config)
    {
        w.Write(config is not null);
        if (config is not null)
        {
            WriteConfig(w, config);
        }
    }

    private static KeyspaceConfig? ReadOptionalConfig(BinaryReader r) => r.ReadBoolean() ? ReadConfig(r) : null;
}
