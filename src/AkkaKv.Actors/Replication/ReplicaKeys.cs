using Akka.DistributedData;

namespace AkkaKv.Actors.Replication;

/// <summary>The DistributedData key of one bucket of slots. Replicated keys are spread over a fixed number of buckets
/// (slot mod <see cref="ReplicaSettings.BucketCount"/>), not one map: an update merges and a gossip round compares one
/// bucket, so each stays small, while a slot's keys stay in one bucket (a slot reconciles with one read).</summary>
public sealed class ReplicaMapKey(string id) : Key<ReplicaMap>(id)
{
    /// <summary>Every bucket's key, index = bucket.</summary>
    public static readonly IReadOnlyList<ReplicaMapKey> All =
        [.. Enumerable.Range(0, ReplicaSettings.BucketCount).Select(bucket => new ReplicaMapKey($"akkakv-replica-{bucket}"))];

    public static ReplicaMapKey ForBucket(int bucket) => All[bucket];

    /// <summary>The bucket a replicator key names; -1 when it is not one of ours.</summary>
    public static int BucketOf(string id)
    {
        for (var bucket = 0; bucket < All.Count; bucket++)
        {
            if (All[bucket].Id == id)
            {
                return bucket;
            }
        }

        return -1;
    }
}
