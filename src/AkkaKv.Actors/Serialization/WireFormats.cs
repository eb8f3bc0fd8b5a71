using System.Runtime.Serialization;

namespace AkkaKv.Actors.Serialization;

/// <summary>How one message type is written and read in one version of its format; <see cref="Manifest"/> names both
/// (type and version), so it is all a reader needs to decode the bytes.</summary>
internal sealed record WireFormat(Type Type, string Manifest, Action<BinaryWriter, object> Write, Func<BinaryReader, object> Read);

/// <summary>The formats of <see cref="KvMessageSerializer"/>: one entry per message type, so adding a message is one
/// <see cref="Add{T}"/> line (manifest, writer, reader) and no switch elsewhere to keep in step.</summary>
internal sealed class WireFormats
{
    private readonly Dictionary<Type, WireFormat> _byType = [];
    private readonly Dictionary<string, WireFormat> _byManifest = new(StringComparer.Ordinal);

    public IEnumerable<WireFormat> All => _byType.Values;

    /// <summary>Registers <typeparamref name="T"/>'s current format. A later format of the same type gets a new manifest
    /// (suffix 2, 3 …) and becomes the writer, while the old manifest must stay readable as long as any node (or a
    /// message in flight during a rolling upgrade) may still send it.</summary>
    public WireFormats Add<T>(string manifest, Action<BinaryWriter, T> write, Func<BinaryReader, T> read)
        where T : class
    {
        var format = new WireFormat(typeof(T), manifest, (writer, value) => write(writer, (T)value), reader => read(reader));
        // Fail at start-up, not on the wire: a duplicate would make one of the two types unreadable.
        if (!_byType.TryAdd(typeof(T), format))
        {
            throw new InvalidOperationException($"{typeof(T).Name} has two wire formats");
        }

        return AddManifest(format);
    }

    /// <summary>Keeps an earlier manifest of <typeparamref name="T"/> readable (never written any more): a node of the
    /// previous version may still send it during a rolling upgrade.</summary>
    public WireFormats Reads<T>(string manifest, Func<BinaryReader, T> read)
        where T : class
    {
        return AddManifest(new WireFormat(typeof(T), manifest, (_, _) => throw new InvalidOperationException($"{manifest} is only read"), reader => read(reader)));
    }

    private WireFormats AddManifest(WireFormat format)
    {
        if (!_byManifest.TryAdd(format.Manifest, format))
        {
            throw new InvalidOperationException($"manifest '{format.Manifest}' is used by both {_byManifest[format.Manifest].Type.Name} and {format.Type.Name}");
        }

        return this;
    }

    public bool Has(Type type) => _byType.ContainsKey(type);

    public WireFormat ForType(Type type) =>
        _byType.TryGetValue(type, out var format)
            ? format
            : throw new ArgumentException($"{type} has no wire format in {nameof(KvMessageSerializer)}", nameof(type));

    public WireFormat ForManifest(string manifest) =>
        _byManifest.TryGetValue(manifest, out var format)
            ? format
            : throw new SerializationException($"unknown manifest '{manifest}' for {nameof(KvMessageSerializer)}");
}
