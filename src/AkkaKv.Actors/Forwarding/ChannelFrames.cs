using System.Buffers.Binary;
using System.Text;

namespace AkkaKv.Actors.Forwarding;

/// <summary>How the forward channel frames what it sends: a 4-byte little-endian length (of what follows), a kind byte,
/// then the payload, which for batches and replies is <see cref="Serialization.ForwardSerializer"/>'s format. A
/// connection starts with one <see cref="Hello"/> from the connecting node. Besides commands, the channel carries
/// replicated keys' changes to the nodes that must acknowledge them (<see cref="ReplicaPush"/>, see
/// <see cref="Replication.ReplicaPushes"/>).</summary>
internal static class ChannelFrames
{
    public const byte Hello = 1;
    public const byte Batch = 2;
    public const byte Replies = 3;

    /// <summary>Changes of replicated keys for the receiving node's replica (connecting node to listener).</summary>
    public const byte ReplicaPush = 4;

    /// <summary>The receiving node's replica has a push (listener to connecting node).</summary>
    public const byte ReplicaAck = 5;

    /// <summary>Changes of replicated keys of several buckets in one push (connecting node to listener; version 3).
    /// <see cref="ReplicaPush"/> carries one bucket: version-2 nodes send it, and a listener still reads it.</summary>
    public const byte ReplicaPushBuckets = 6;

    /// <summary>The length prefix and the kind byte.</summary>
    public const int HeaderBytes = 5;

    /// <summary>Largest frame accepted (a batch holds at most <see cref="Outbox{T}.MaxBatch"/> commands, each within the
    /// key and value limits); a longer length means a corrupt or foreign stream, and the connection is closed.</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;

    /// <summary>2: adds <see cref="ReplicaPush"/> and <see cref="ReplicaAck"/>; 3: adds <see cref="ReplicaPushBuckets"/>,
    /// the only push a version-3 node sends. A listener accepts the hello of an older node (version 1 never pushes,
    /// version 2 pushes one bucket at a time); an older node refuses a newer hello, so a connection that is up is one to
    /// a node that reads every push its client sends. Nodes that cannot connect reach each other through the shard
    /// region and replicate through DistributedData's aggregator.</summary>
    private const int Version = 3;
    private const int OldestVersion = 1;
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
        payload.Length == Magic.Length + 1 + Encoding.UTF8.GetByteCount(systemName)
        && payload.StartsWith(Magic)
        && payload[Magic.Length] is >= OldestVersion and <= Version
        && payload[(Magic.Length + 1)..].SequenceEqual(Encoding.UTF8.GetBytes(systemName));
}
