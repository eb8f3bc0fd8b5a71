using Akka.Actor;
using Akka.DistributedData;
using AkkaKv.Actors.Replication;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Gateway;

/// <summary>Reads of replicated keys from the replicas, without the key's owner: <c>local</c> asks this node's replicator
/// (no network hop), <c>majority</c> asks a majority of replicas and takes the newest. Both keep answering while the
/// owner's slot is failing over.</summary>
public sealed class ReplicaReads(NodeReplication replication)
{
    /// <summary>The live entry for a replicated key at <paramref name="level"/> (local or majority); null when absent,
    /// deleted or expired.</summary>
    public async Task<KvEntry?> GetAsync(string key, int slot, ReadConsistency level, long nowMs, CancellationToken cancel)
    {
        var bucketKey = ReplicaMapKey.ForBucket(ReplicaSettings.BucketOf(slot));
        var get = Dsl.Get(bucketKey, replication.ToReadConsistency(level));
        var response = await replication.Replicator.Ask<IGetResponse>(get, replication.Settings.Timeout + TimeSpan.FromSeconds(1), cancel);
        return response switch
        {
            GetSuccess found => found.Get(bucketKey).Find(key) is { } entry && entry.IsLiveAt(nowMs) ? SlotReconciliation.ToEntry(entry) : null,
            NotFound => null,
            _ => throw new KvException(new KvError(
                KvErrorCode.Unavailable,
                $"a {ConsistencyNames.NameOf(level)} of the replicas did not answer within {replication.Settings.Timeout.TotalSeconds:0.#} s; retry, or read at local")),
        };
    }
}
