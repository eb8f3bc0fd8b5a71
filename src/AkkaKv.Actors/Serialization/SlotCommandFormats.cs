using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Serialization;

/// <summary>Wire formats of the messages routed to a slot (<see cref="IWithSlot"/>). Fields are written in declaration
/// order and read back in the same order (C# evaluates constructor arguments left to right).</summary>
internal static class SlotCommandFormats
{
    public static WireFormats AddSlotCommands(this WireFormats formats) => formats
        .Add<WithConsistency>(
            "WC1",
            static (w, m) =>
            {
                w.Write((byte)m.Consistency);
                // The wrapped command in its own format, named by its manifest.
                var inner = KvMessageSerializer.Formats.ForType(m.Command.GetType());
                w.Write(inner.Manifest);
                inner.Write(w, m.Command);
            },
            static r =>
            {
                var level = r.ReadByte();
                if (!Enum.IsDefined((WriteConsistency)level))
                {
                    throw new System.Runtime.Serialization.SerializationException($"write consistency {level} is not known");
                }

                var inner = KvMessageSerializer.Formats.ForManifest(r.ReadString());
                return inner.Read(r) is ISlotCommand command
                    ? new WithConsistency(command, (WriteConsistency)level)
                    : throw new System.Runtime.Serialization.SerializationException($"'{inner.Manifest}' is not a slot command");
            })
        .Add<GetKey>(
            "GK1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.Write(m.Key);
            },
            static r => new GetKey(r.ReadVarint32(), r.ReadString()))
        .Add<PutKey>(
            "PK1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.Write(m.Key);
                w.Write(m.Value);
                w.WriteOptional(m.ExpectedVersion);
                w.WriteOptional(m.ExpiresAtMs);
                w.Write(m.KeepTtl);
            },
            static r => new PutKey(r.ReadVarint32(), r.ReadString(), r.ReadString(), r.ReadOptionalInt64(), r.ReadOptionalInt64(), r.ReadBoolean()))
        .Add<DeleteKey>(
            "DK1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.Write(m.Key);
                w.WriteOptional(m.ExpectedVersion);
            },
            static r => new DeleteKey(r.ReadVarint32(), r.ReadString(), r.ReadOptionalInt64()))
        .Add<ScanSlot>(
            "SCN1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.Write(m.Prefix);
                w.WriteOptional(m.After);
                w.WriteVarint(m.Limit);
            },
            static r => new ScanSlot(r.ReadVarint32(), r.ReadString(), r.ReadOptionalString(), r.ReadVarint32()))
        .Add<PingSlot>("PNG1", static (w, m) => w.WriteVarint(m.Slot), static r => new PingSlot(r.ReadVarint32()))
        .Add<MatchKeys>(
            "MK1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.Write(m.Pattern);
            },
            static r => new MatchKeys(r.ReadVarint32(), r.ReadString()))
        .Add<PickRandomKey>("RK1", static (w, m) => w.WriteVarint(m.Slot), static r => new PickRandomKey(r.ReadVarint32()))
        .Add<ClearSlot>("CS1", static (w, m) => w.WriteVarint(m.Slot), static r => new ClearSlot(r.ReadVarint32()))
        .Add<RunOps>(
            "RO1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                // Each op is tagged with its own manifest: ops are many types, and each can get a new format alone.
                w.WriteList(m.Ops, static (w, op) => w.WriteTagged(op));
                w.Write(m.Watches is not null);
                if (m.Watches is not null)
                {
                    w.WriteList(m.Watches, WriteWatched);
                }
            },
            static r => new RunOps(
                r.ReadVarint32(),
                r.ReadList(static r => r.ReadTagged<SlotOp>()),
                r.ReadBoolean() ? r.ReadList(ReadWatched) : null))
        // Travels inside RunOps, and alone as the payload of a WatchOp's result.
        .Add<WatchedKey>("WK1", WriteWatched, ReadWatched);

    private static void WriteWatched(BinaryWriter writer, WatchedKey watched)
    {
        writer.Write(watched.Key);
        writer.WriteOptional(watched.ModRevision);
        writer.WriteVarint(watched.SlotRevision);
    }

    private static WatchedKey ReadWatched(BinaryReader reader) =>
        new(reader.ReadString(), reader.ReadOptionalInt64(), reader.ReadVarint64());
}
