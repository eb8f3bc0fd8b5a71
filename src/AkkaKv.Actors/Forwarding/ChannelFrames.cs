using System.Buffers.Binary;
using System.Text;

namespace AkkaKv.Actors.Forwarding;

/// <summary>How the forward channel frames what it sends: a 4-byte little-endian length (of what follows), a kind byte,
/// then the payload, which for batches and replies is <see cref="Serialization.ForwardSerializer"/>'s format. A
/// connection starts with one <see cref="Hello"/> from the connecting node.</summary>
internal static class ChannelFrames
{
    public const byte Hello = 1;
    public const byte Batch = 2;
    public const byte Replies = 3;

    /// <summary>The length prefix and the kind byte.</summary>
    public const int HeaderBytes = 5;

    /// <summary>Largest frame accepted (a batch holds at most <see cref="Outbox{T}.MaxBatch"/> commands, each within the
    /// key and value limits); a longer length means a corrupt or foreign stream, and the connection is closed.</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;

    private const int Version = 1;
    private static readonly byte[] Magic = "AKKF"u8.ToArray();

    public static byte[] Frame(byte kind, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length + 1);
        frame[4] = kind;
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>The hello's payload: a magic number, the format version and the actor system's name, so that a node only
    /// talks to its own cluster's nodes of a version it understands.</summary>
    public static byte[] HelloPayload(string systemName) => [.. Magic, Version, .. Encoding.UTF8.GetBytes(systemName)];

    public static bool IsHelloFrom(ReadOnlySpan<byte> payload, string systemName) =>
        payload.SequenceEqual(HelloPayload(systemName));
}
