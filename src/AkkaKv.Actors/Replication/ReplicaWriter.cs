using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>Puts the changes of this node's slots into the replicas, with up to <see cref="MaxInFlightPerBucket"/>
/// DistributedData updates per bucket out at once: changes that arrive while they are out wait, and all of them go in
/// the next update (group commit, at the strongest consistency any of them asked for). For majority/all the replicator
/// sends each update's delta to the other nodes and waits for their acknowledgements, a cost per update that grouping
/// spreads over its writes. It also keeps the node's <see cref="ReplicaUsage"/> (for the budget) and drops tombstones
/// past their lifetime from this node's replica.
/// <para>The usage is recounted by reading the replica every <see cref="RecountInterval"/>, not by subscribing to it:
/// the replicator computes a digest (a serialization of the whole bucket) on every update of a key that has
/// subscribers, which would cost more than the update itself.</para></summary>
public sealed class ReplicaWriter : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RecountInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Updates of one bucket out at once. Merging is commutative and idempotent, so they may complete in any
    /// order; more than one keeps a node's writes from queueing behind one round trip to the other replicas, and past
    /// this many the rest wait and go together.</summary>
    private const int MaxInFlightPerBucket = 4;

    private readonly NodeReplication _replication;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Pending?[] _pending = new Pending?[ReplicaSettings.BucketCount];
    private readonly int[] _inFlight = new int[ReplicaSettings.BucketCount];
    private readonly HashSet<int> _nonEmpty = [];
    private readonly ReplicaMap?[] _counted = new ReplicaMap?[ReplicaSettings.BucketCount];

    public ReplicaWriter(NodeReplication replication)
    {
        _replication = replication;
        Receive<PublishReplicas>(Enqueue);
        Receive<IUpdateResponse>(Completed);
        Receive<GetSuccess>(got => Recount(got.Key, got.Data));
        Receive<NotFound>(_ => { });
        Receive<RecountTick>(_ => RequestRecount());
        Receive<Prune>(_ => PruneTombstones());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(NodeReplication replication) => Akka.Actor.Props.Create(() => new ReplicaWriter(replication));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("recount", RecountTick.Instance, RecountInterval);
        Timers.StartPeriodicTimer("prune", Prune.Instance, PruneInterval);
    }

    private void RequestRecount()
    {
        foreach (var key in ReplicaMapKey.All)
        {
            _replication.Replicator.Tell(Dsl.Get(key, ReadLocal.Instance));
        }
    }

    private void Enqueue(PublishReplicas publish)
    {
        var pending = _pending[publish.Bucket] ??= new Pending(publish.Bucket);
        pending.Add(publish);
        if (_inFlight[publish.Bucket] < MaxInFlightPerBucket)
        {
            Flush(publish.Bucket);
        }
    }

    private void Flush(int bucket)
    {
        var batch = _pending[bucket];
        if (batch is null)
        {
            return;
        }

        _pending[bucket] = null;
        _inFlight[bucket]++;
        var entries = batch.Entries;
        _replication.Replicator.Tell(Dsl.Update(
            ReplicaMapKey.ForBucket(bucket),
            ReplicaMap.Empty,
            _replication.ToWriteConsistency(batch.Consistency),
            batch,
            map => map.WithEntries(entries, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
    }

    private void Completed(IUpdateResponse response)
    {
        if (response.Request is not Pending batch)
        {
            return; // a prune's update
        }

        _inFlight[batch.Bucket]--;
        if (response.IsSuccessful)
        {
            foreach (var reply in batch.Replies)
            {
                reply.To.Tell(reply.Reply);
            }
        }
        else
        {
            var reason = response switch
            {
                UpdateTimeout => $"the write is applied and in this node's replica, but did not reach {ConsistencyNames.NameOf(batch.Consistency)} of the replicas within {_replication.Settings.Timeout.TotalSeconds:0.#} s (it spreads by gossip); not acknowledged: read it back or retry",
                _ => $"the write is applied, but its replica update failed ({response.GetType().Name}); not acknowledged: read it back or retry",
            };
            _log.Warning("replica bucket {0}: {1} ({2} changes)", batch.Bucket, response.GetType().Name, batch.Entries.Count);
            foreach (var reply in batch.Replies)
            {
                reply.To.Tell(reply.Command.Failed(reason));
            }
        }

        Flush(batch.Bucket);
    }

    private void Recount(IKey key, object data)
    {
        if (data is not ReplicaMap map)
        {
            return;
        }

        var bucket = ReplicaMapKey.BucketOf(key.Id);
        if (bucket < 0)
        {
            return;
        }

        // An unchanged bucket is the same object: recount only what changed since the last read.
        if (ReferenceEquals(_counted[bucket], map))
        {
            return;
        }

        _counted[bucket] = map;
        _replication.Usage.Recount(bucket, map);
        if (map.Count > 0)
        {
            _nonEmpty.Add(bucket);
        }
    }

    private void PruneTombstones()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var bucket in _nonEmpty)
        {
            _replication.Replicator.Tell(Dsl.Update(ReplicaMapKey.ForBucket(bucket), ReplicaMap.Empty, WriteLocal.Instance, map => map.PruneTombstones(now)));
        }
    }

    /// <summary>The changes of one bucket waiting for (or riding in) one update.</summary>
    private sealed class Pending(int bucket)
    {
        public int Bucket { get; } = bucket;

        public List<ReplicaEntry> Entries { get; } = [];

        public List<PendingReply> Replies { get; } = [];

        public WriteConsistency Consistency { get; private set; } = WriteConsistency.Local;

        public void Add(PublishReplicas publish)
        {
            Entries.AddRange(publish.Entries);
            Replies.AddRange(publish.Replies);
            if (publish.Consistency > Consistency)
            {
                Consistency = publish.Consistency;
            }
        }
    }

    private sealed class Prune
    {
        public static readonly Prune Instance = new();
    }

    private sealed class RecountTick
    {
        public static readonly RecountTick Instance = new();
    }
}
