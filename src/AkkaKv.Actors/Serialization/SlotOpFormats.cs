using AkkaKv.Messages;
using AkkaKv.Ops;

namespace AkkaKv.Actors.Serialization;

/// <summary>Wire formats of every <see cref="SlotOp"/> (they travel inside <see cref="RunOps"/>, tagged with these
/// manifests). Enums go as their byte value, so flag combinations (<see cref="ExpireCondition"/>) survive as they are.</summary>
internal static class SlotOpFormats
{
    public static WireFormats AddSlotOps(this WireFormats formats) => formats
        // Writes.
        .Add<SetOp>(
            "SET1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write(op.Value);
                WriteExpiry(w, op.Expiry);
                w.Write((byte)op.Condition);
                w.Write(op.ReturnOld);
            },
            static r => new SetOp(r.ReadString(), r.ReadString(), ReadExpiry(r), (SetCondition)r.ReadByte(), r.ReadBoolean()))
        .Add<MSetNxOp>(
            "MSNX1",
            static (w, op) => w.WriteList(op.Pairs, static (w, pair) =>
            {
                w.Write(pair.Key);
                w.Write(pair.Value);
            }),
            static r => new MSetNxOp(r.ReadList(static r => KeyValuePair.Create(r.ReadString(), r.ReadString()))))
        .Add<IncrementOp>(
            "INC1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.WriteVarint(op.Delta);
            },
            static r => new IncrementOp(r.ReadString(), r.ReadVarint64()))
        .Add<IncrementFloatOp>(
            "INCF2",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write(op.Delta);
                w.Write(op.DeltaText ?? string.Empty);
            },
            static r => new IncrementFloatOp(r.ReadString(), r.ReadDouble(), r.ReadString() is { Length: > 0 } text ? text : null))
        .Reads("INCF1", static r => new IncrementFloatOp(r.ReadString(), r.ReadDouble())) // before the increment's text
        .Add<AppendOp>(
            "APP1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write(op.Suffix);
                w.WriteVarint(op.MaxBytes);
            },
            static r => new AppendOp(r.ReadString(), r.ReadString(), r.ReadVarint32()))
        .Add<SetRangeOp>(
            "SRNG1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.WriteVarint(op.Offset);
                w.WriteByteArray(op.Patch);
                w.WriteVarint(op.MaxBytes);
            },
            static r => new SetRangeOp(r.ReadString(), r.ReadVarint64(), r.ReadByteArray(), r.ReadVarint32()))
        .Add<ExpireOp>(
            "EXP1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.WriteVarint(op.AtMs);
                w.Write((byte)op.Condition);
            },
            static r => new ExpireOp(r.ReadString(), r.ReadVarint64(), (ExpireCondition)r.ReadByte()))
        .Add<PersistOp>("PER1", static (w, op) => w.Write(op.Key), static r => new PersistOp(r.ReadString()))
        .Add<DeleteOp>("DEL1", static (w, op) => w.Write(op.Key), static r => new DeleteOp(r.ReadString()))
        .Add<GetDeleteOp>("GDEL1", static (w, op) => w.Write(op.Key), static r => new GetDeleteOp(r.ReadString()))
        .Add<GetExpireOp>(
            "GEX1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write(op.Change.HasValue);
                if (op.Change is { } change)
                {
                    WriteExpiry(w, change);
                }
            },
            static r => new GetExpireOp(r.ReadString(), r.ReadBoolean() ? ReadExpiry(r) : null))
        .Add<RenameOp>(
            "REN1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write(op.NewKey);
                w.Write(op.OnlyIfAbsent);
            },
            static r => new RenameOp(r.ReadString(), r.ReadString(), r.ReadBoolean()))

        // Reads.
        .Add<GetOp>("GET1", static (w, op) => w.Write(op.Key), static r => new GetOp(r.ReadString()))
        .Add<StrlenOp>("LEN1", static (w, op) => w.Write(op.Key), static r => new StrlenOp(r.ReadString()))
        .Add<ExistsOp>("EXS1", static (w, op) => w.Write(op.Key), static r => new ExistsOp(r.ReadString()))
        .Add<TypeOp>("TYP1", static (w, op) => w.Write(op.Key), static r => new TypeOp(r.ReadString()))
        .Add<GetRangeOp>(
            "GRNG1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.WriteVarint(op.Start);
                w.WriteVarint(op.End);
            },
            static r => new GetRangeOp(r.ReadString(), r.ReadVarint64(), r.ReadVarint64()))
        .Add<TtlOp>(
            "TTL1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.Write((byte)op.Unit);
                w.Write(op.Absolute);
            },
            static r => new TtlOp(r.ReadString(), (TtlUnit)r.ReadByte(), r.ReadBoolean()))
        .Add<EncodingOp>("ENC1", static (w, op) => w.Write(op.Key), static r => new EncodingOp(r.ReadString()))
        .Add<RefCountOp>("REFC1", static (w, op) => w.Write(op.Key), static r => new RefCountOp(r.ReadString()))
        .Add<IdleTimeOp>("IDLE1", static (w, op) => w.Write(op.Key), static r => new IdleTimeOp(r.ReadString()))
        .Add<FrequencyOp>(
            "FREQ1",
            static (w, op) =>
            {
                w.Write(op.Key);
                w.WriteVarint(op.DecayMinutes);
            },
            static r => new FrequencyOp(r.ReadString(), r.ReadVarint32()))
        .Add<WatchOp>("WAT1", static (w, op) => w.Write(op.Key), static r => new WatchOp(r.ReadString()));

    private static void WriteExpiry(BinaryWriter writer, ExpiryChange change)
    {
        writer.Write(change.Keep);
        writer.WriteOptional(change.AtMs);
    }

    private static ExpiryChange ReadExpiry(BinaryReader reader) => new(reader.ReadBoolean(), reader.ReadOptionalInt64());
}
