using System.Runtime.Serialization;
using AkkaKv.Messages;
using AkkaKv.Ops;

namespace AkkaKv.Actors.Serialization;

/// <summary>Wire formats of what a slot answers: its reads (<c>SlotQueries</c>), <see cref="IWriteReply"/>s, and the
/// outcome of <see cref="RunOps"/> and <see cref="ClearSlot"/>.</summary>
internal static class SlotReplyFormats
{
    // An op result's payload is one of a few types; a byte says which.
    private const byte NoPayload = 0;
    private const byte TextPayload = 1;
    private const byte BytesPayload = 2;
    private const byte MessagePayload = 3;

    public static WireFormats AddSlotReplies(this WireFormats formats) => formats
        .Add<GetReply>("GR1", static (w, m) => w.WriteOptional(m.Entry), static r => new GetReply(r.ReadOptionalEntry()))
        .Add<ScanReply>(
            "SR1",
            static (w, m) =>
            {
                w.WriteList(m.Entries, static (w, e) => w.WriteEntry(e));
                w.Write(m.More);
            },
            static r => new ScanReply(r.ReadList(static r => r.ReadEntry()), r.ReadBoolean()))
        .Add<KeysReply>("KR1", static (w, m) => w.WriteStrings(m.Keys), static r => new KeysReply(r.ReadStrings()))
        .Add<SlotMoved>("MOV1", static (w, m) => w.WriteVarint(m.Slot), static r => new SlotMoved(r.ReadVarint32()))
        .Add<SlotReady>(
            "RDY1",
            static (w, m) =>
            {
                w.WriteVarint(m.Slot);
                w.WriteVarint(m.Keys);
                w.WriteVarint(m.Revision);
            },
            static r => new SlotReady(r.ReadVarint32(), r.ReadVarint32(), r.ReadVarint64()))

        // Answers to ISlotWrite.
        .Add<WriteOk>(
            "WOK1",
            static (w, m) =>
            {
                w.Write(m.Key);
                w.WriteOptional(m.Entry);
                w.WriteVarint(m.Revision);
            },
            static r => new WriteOk(r.ReadString(), r.ReadOptionalEntry(), r.ReadVarint64()))
        .Add<VersionMismatch>(
            "VM1",
            static (w, m) =>
            {
                w.Write(m.Key);
                w.WriteVarint(m.CurrentVersion);
            },
            static r => new VersionMismatch(r.ReadString(), r.ReadVarint64()))
        .Add<KeyNotFound>("KNF1", static (w, m) => w.Write(m.Key), static r => new KeyNotFound(r.ReadString()))
        .Add<WriteFailed>(
            "WF1",
            static (w, m) =>
            {
                w.Write(m.Key);
                w.Write(m.Reason);
            },
            static r => new WriteFailed(r.ReadString(), r.ReadString()))

        // Answers to RunOps and ClearSlot.
        .Add<OpsDone>("OD1", static (w, m) => w.WriteList(m.Results, WriteResult), static r => new OpsDone(r.ReadList(ReadResult)))
        .Add<OpsAborted>("OA1", static (_, _) => { }, static _ => OpsAborted.Instance)
        .Add<OpsFailed>("OF1", static (w, m) => w.Write(m.Reason), static r => new OpsFailed(r.ReadString()));

    private static void WriteResult(BinaryWriter writer, OpResult result)
    {
        writer.Write((byte)result.Kind);
        writer.WriteVarint(result.Number);
        switch (result.Payload)
        {
            case null:
                writer.Write(NoPayload);
                break;
            case string text:
                writer.Write(TextPayload);
                writer.Write(text);
                break;
            case byte[] bytes:
                writer.Write(BytesPayload);
                writer.WriteByteArray(bytes);
                break;
            case var message when KvMessageSerializer.Formats.Has(message.GetType()):
                // A WatchOp's WatchedKey today; any type with a wire format works.
                writer.Write(MessagePayload);
                writer.WriteTagged(message);
                break;
            default:
                throw new ArgumentException($"an op result's payload of type {result.Payload.GetType()} has no wire format", nameof(result));
        }
    }

    private static OpResult ReadResult(BinaryReader reader)
    {
        var kind = (OpResultKind)reader.ReadByte();
        var number = reader.ReadVarint64();
        object? payload = reader.ReadByte() switch
        {
            NoPayload => null,
            TextPayload => reader.ReadString(),
            BytesPayload => reader.ReadByteArray(),
            MessagePayload => reader.ReadTagged(),
            var tag => throw new SerializationException($"unknown op result payload tag {tag}"),
        };
        return new OpResult(kind, number, payload);
    }
}
