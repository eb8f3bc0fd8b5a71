using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Serialization;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Serialization;

/// <summary>Binary, versioned form of what <see cref="SlotForwarding"/> sends between nodes. The commands and replies
/// inside a batch are written in <see cref="KvMessageSerializer"/>'s formats, each tagged with its manifest, so a
/// batch carries any slot message that has a wire format and needs no format of its own per message type.</summary>
public sealed class ForwardSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 1705;
    internal const string BatchManifest = "FB1";
    internal const string RepliesManifest = "FR1";
    private const string SlotsHereV1 = "SH1";
    private const string SlotsHereV2 = "SH2"; // with the sender's forward channel port; SH1 when it has none

    public static readonly IReadOnlyList<Type> BoundTypes = [typeof(ForwardBatch), typeof(ForwardReplies), typeof(SlotsHere)];

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ForwardBatch => BatchManifest,
        ForwardReplies => RepliesManifest,
        SlotsHere { ChannelPort: 0 } => SlotsHereV1,
        SlotsHere => SlotsHereV2,
        _ => throw new ArgumentException($"{o.GetType()} is not serialized by {nameof(ForwardSerializer)}", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => WireEncoding.Encode(obj, static (w, message) =>
    {
        switch (message)
        {
            case ForwardBatch batch:
                w.WriteList(batch.Items, static (w, item) =>
                {
                    w.WriteVarint(item.Id);
                    w.WriteTagged(item.Command);
                });
                break;
            case ForwardReplies replies:
                w.WriteList(replies.Items, static (w, item) =>
                {
                    w.WriteVarint(item.Id);
                    w.Write(item.Reply is not null);
                    if (item.Reply is not null)
                    {
                        w.WriteTagged(item.Reply);
                    }
                });
                break;
            case SlotsHere here:
                w.WriteList(here.Slots, static (w, slot) => w.WriteVarint(slot));
                if (here.ChannelPort != 0)
                {
                    w.WriteVarint(here.ChannelPort);
                }

                break;
            default:
                throw new ArgumentException($"{message.GetType()} is not serialized by {nameof(ForwardSerializer)}", nameof(obj));
        }
    });

    public override object FromBinary(byte[] bytes, string manifest) => WireEncoding.Decode(bytes, manifest, manifest, static (r, manifest) => manifest switch
    {
        BatchManifest => new ForwardBatch(r.ReadList(static r => new Forwarded(r.ReadVarint64(), r.ReadTagged<IWithSlot>()))),
        RepliesManifest => new ForwardReplies(r.ReadList(static r => new ForwardedReply(r.ReadVarint64(), r.ReadBoolean() ? r.ReadTagged() : null))),
        SlotsHereV1 => new SlotsHere(r.ReadList(static r => r.ReadVarint32())),
        SlotsHereV2 => new SlotsHere(r.ReadList(static r => r.ReadVarint32()), r.ReadVarint32()),
        _ => throw new SerializationException($"{nameof(ForwardSerializer)} does not know manifest '{manifest}'"),
    });
}
