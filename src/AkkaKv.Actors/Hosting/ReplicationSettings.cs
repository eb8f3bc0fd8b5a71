using AkkaKv.Actors.Replication;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Hosting;

/// <summary>Replicated keyspaces (see README "Replicated keyspaces"): keys under these prefixes are held by every node,
/// read locally or at a majority, and kept readable while their owner fails over. Cluster-wide: a node configured with
/// other prefixes than the cluster was born with is refused.</summary>
public sealed class ReplicationSettings
{
    /// <summary>The largest message remoting accepts (Akka's default is 128 KB, and a larger update or gossip is dropped).
    /// A gossip round can carry every bucket in full, so the replicated budget must stay under half of it.</summary>
    public const long MaxFrameBytes = 32L * 1024 * 1024;

    /// <summary>False: no key is replicated, and no replica is kept.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Replicated key prefixes; unset means the coordination keyspace only (<c>/_sys/</c>).</summary>
    public string[]? Prefixes { get; set; }

    /// <summary>Write consistency of replicated keys when a request names none: local, majority or all.</summary>
    public string WriteConsistency { get; set; } = "majority";

    /// <summary>Read consistency when a request names none: linearizable, majority or local.</summary>
    public string ReadConsistency { get; set; } = "linearizable";

    /// <summary>How long a majority/all write or majority read waits for other replicas. Under the request timeout, so a
    /// client hears "not acknowledged" from the replica step rather than a generic timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Budget of the replicated keyspaces on every node (Redis units: 16mb), by the same size model as
    /// maxmemory; at most half of <see cref="MaxFrameBytes"/>.</summary>
    public string MaxMemory { get; set; } = "16mb";

    /// <summary>Most live replicated keys; 0 = no limit. (Deleted keys' tombstones count in MaxMemory until pruned.)</summary>
    public long MaxKeys { get; set; } = 100_000;

    /// <summary>The replication these settings describe; throws with the reason when one is invalid (the node does not start).</summary>
    public ReplicaSettings ToReplicaSettings()
    {
        if (!Enabled)
        {
            return ReplicaSettings.Off;
        }

        var prefixes = Prefixes ?? [ReplicatedKeyspaces.SystemPrefix];
        if (prefixes.Any(string.IsNullOrEmpty))
        {
            throw new InvalidOperationException("AkkaKv:Replication:Prefixes: an empty prefix would replicate every key; replication is for read-mostly keyspaces, name their prefixes");
        }

        if (!ConsistencyNames.TryParse(WriteConsistency, out WriteConsistency write))
        {
            throw new InvalidOperationException($"AkkaKv:Replication:WriteConsistency '{WriteConsistency}' is not one of local, majority, all");
        }

        if (!ConsistencyNames.TryParse(ReadConsistency, out ReadConsistency read))
        {
            throw new InvalidOperationException($"AkkaKv:Replication:ReadConsistency '{ReadConsistency}' is not one of linearizable, majority, local");
        }

        if (!RuntimeConfig.TryParseMemory(MaxMemory, out var bytes) || bytes <= 0 || bytes > MaxFrameBytes / 2)
        {
            throw new InvalidOperationException(
                $"AkkaKv:Replication:MaxMemory '{MaxMemory}' must be a size above 0 and at most {MaxFrameBytes / 2 / 1024 / 1024}mb: " +
                "a gossip round may carry the whole replicated keyspace, and remoting drops a message over its frame size");
        }

        if (MaxKeys < 0 || Timeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("AkkaKv:Replication: MaxKeys must be 0 or more and Timeout above 0");
        }

        return new ReplicaSettings(new ReplicatedKeyspaces(prefixes), write, read, Timeout, bytes, MaxKeys);
    }
}
