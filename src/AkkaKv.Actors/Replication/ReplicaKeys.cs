using Akka.DistributedData;

namespace AkkaKv.Actors.Replication;

/// <summary>The DistributedData key of one bucket of slots. Replicated keys are spread over a fixed number of buckets
/// (slot mod <see cref="ReplicaSettings.BucketCount"/>), not one map: an update merges and a gossip round compares one
/// bucket, so each stays small, while a slot's keys stay in one bucket (a slot reconciles with one read).</summary>
public sealed class ReplicaMapKey(string id) : Key<ReplicaMap>(id)
{
    public static ReplicaMapKey ForBucket(int bucket) => new($"akkakv-replica-{bucket}");
}
