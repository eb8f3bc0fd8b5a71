using Akka.Actor;
using Akka.Serialization;
using AkkaKv.Messages;
using AkkaKv.Ops;

namespace AkkaKv.Actors.Serialization;

/// <summary>Compact, versioned binary form of every message that crosses the network between nodes: what is routed to
/// a slot through the shard region and what the slot answers (Akka's default JSON measured 2.9x slower over remoting).
/// Each type's manifest carries its format version (<see cref="WireFormats"/>), so a later format can be added beside
/// the current one while nodes of both versions run side by side.</summary>
public sealed class KvMessageSerializer : SerializerWithStringManifest
{
    public const int Id = 1702;

    /// <summary>What this serializer is bound to. Akka takes an exact type binding first, else the first binding
    /// the type is assignable to (in no defined order), so these must not overlap another serializer's bindings.
    /// Binding the marker types means a new routed message or write reply without a wire format fails loudly in
    /// <see cref="Manifest"/> instead of silently going out as JSON. A new message without one of these bases (a reply
    /// record, a coordinator message) is added here as well as in <see cref="Formats"/>.</summary>
    public static readonly IReadOnlyList<Type> BoundTypes =
    [
        typeof(IWithSlot),
        typeof(SlotOp),
        typeof(IWriteReply),
        typeof(WatchedKey),
        typeof(GetReply),
        typeof(ScanReply),
        typeof(KeysReply),
        typeof(SlotReady),
        typeof(SlotMoved),
        typeof(OpsDone),
        typeof(OpsAborted),
        typeof(OpsFailed),
    ];

    internal static readonly WireFormats Formats = new WireFormats()
        .AddSlotCommands()
        .AddSlotOps()
        .AddSlotReplies();

    public KvMessageSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every type this serializer writes and reads, by manifest (tests check none is missing).</summary>
    public static IReadOnlyDictionary<Type, string> Manifests => Formats.All.ToDictionary(f => f.Type, f => f.Manifest);

    public override string Manifest(object o) => Formats.ForType(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj) =>
        WireEncoding.Encode((Format: Formats.ForType(obj.GetType()), Message: obj), static (writer, s) => s.Format.Write(writer, s.Message));

    public override object FromBinary(byte[] bytes, string manifest) =>
        WireEncoding.Decode(bytes, manifest, Formats.ForManifest(manifest), static (reader, format) => format.Read(reader));
}
