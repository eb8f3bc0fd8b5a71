using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>How this node replicates (from akkakv.replication, written by ConfigureReplication from the node's settings).</summary>
/// <param name="Keyspaces">Which keys have replicas; none means replication is off.</param>
/// <param name="Write">Write consistency of a replicated key when the request names none.</param>
/// <param name="Read">Read consistency when the request names none.</param>
/// <param name="Timeout">How long a majority/all write or read waits for the other replicas.</param>
/// <param name="MaxBytes">Budget of the replicated keyspaces (every node holds all of it), by the EntrySize model; 0 = none.</param>
/// <param name="MaxKeys">Most live replicated keys; 0 = none.</param>
public sealed record ReplicaSettings(
    ReplicatedKeyspaces Keyspaces,
    WriteConsistency Write,
    ReadConsistency Read,
    TimeSpan Timeout,
    long MaxBytes,
    long MaxKeys)
{
    /// <summary>Buckets (DistributedData keys) the replicated keys are spread over; fixed (every node must use the same).</summary>
    public const int BucketCount = 8;

    public static readonly ReplicaSettings Off = new(ReplicatedKeyspaces.None, WriteConsistency.Majority, ReadConsistency.Linearizable, TimeSpan.FromSeconds(2), 0, 0);

    public bool Enabled => !Keyspaces.IsEmpty;

    public static int BucketOf(int slot) => slot % BucketCount;
}
