using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>Puts the changes of this node's slots into the replicas, with up to <see cref="MaxInFlightPerBucket"/>
/// updates per bucket out at once: changes that arrive while they are out wait, and all of them go in the next update
/// (group commit, at the strongest consistency any of them asked for); so do the changes that arrive together (one
/// journal commit's, see <see cref="Enqueue"/>). It also keeps the node's <see cref="ReplicaUsage"/> (for the budget)
/// and drops tombstones past their lifetime from this node's replica.
/// <para><b>Majority and all.</b> DistributedData acknowledges such an update once enough other replicators have merged
/// it, through a write aggregator: an actor per update, an actor selection per node, two scheduled timers and a round
/// trip over remoting. With ~3k replicated writes/s per node, nearly each in an update of its own, that made a
/// replicated write cost more than twice a plain one (8.8k against 20k PUT/s on the 3-node benchmark; 15k at
/// <c>local</c>). So where this node's forward channels reach enough other kv nodes, the update is made locally
/// (<c>WriteLocal</c>) while its changes are pushed over those channels (one push per node per flush, for every bucket
/// in it); each receiving node merges them into its replica with local updates of its own
/// (<see cref="ReplicaPushReceiver"/>) and acknowledges once its replicator has all of them; a batch is answered once
/// its local update and enough acknowledgements are in (<see cref="PushGroup"/>): the guarantee the aggregator gives
/// (that many replicators hold the change), without its per-update cost. The
/// nodes counted are the kv members that are up, as the replicator counts them; a push goes first to as many as it
/// needs and to the rest a fifth of the timeout later, as the aggregator does. A batch whose nodes are not reachable
/// that way (no channel, a node of an older version, a broken connection) goes through the aggregator. Delta
/// propagation (from the writing node) and gossip still spread every change to every node.</para>
/// <para>The usage is recounted by reading the replica every <see cref="RecountInterval"/>, not by subscribing to it:
/// the replicator computes a digest (a serialization of the whole bucket) on every update of a key that has
/// subscribers, which would cost more than the update itself.</para></summary>
public sealed class ReplicaWriter : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RecountInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan PushCheckInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Updates of one bucket out at once. Merging is commutative and idempotent, so they may complete in any
    /// order; more than one keeps a node's writes from queueing behind one round trip to the other replicas, and past
    /// this many the rest wait and go together.</summary>
    private const int MaxInFlightPerBucket = 4;

    private readonly NodeReplication _replication;
    private readonly SlotForwarding _forwarding;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ReplicaBatch?[] _pending = new ReplicaBatch?[ReplicaSettings.BucketCount];
    private readonly int[] _inFlight = new int[ReplicaSettings.BucketCount];
    private readonly HashSet<int> _nonEmpty = [];
    private readonly ReplicaMap?[] _counted = new ReplicaMap?[ReplicaSettings.BucketCount];
    private readonly ReplicaPushes _pushes = new();
    private readonly List<Address> _peers = []; // the other kv members that are up: the nodes majority and all count
    private readonly string _role;
    private readonly Address _self;
    private int _rotation;
    private bool _flushQueued;

    public ReplicaWriter(NodeReplication replication)
    {
        _replication = replication;
        _forwarding = SlotForwarding.For(Context.System);
        _role = Context.System.Settings.Config.GetString("akka.cluster.distributed-data.role", string.Empty);
        _self = Cluster.Get(Context.System).SelfAddress;
        Receive<PublishReplicas>(Enqueue);
        Receive<IUpdateResponse>(Completed);
        Receive<PushAcked>(Acked);
        Receive<FlushQueued>(_ => FlushAll());
        Receive<PushCheck>(_ => CheckPushes());
        Receive<ClusterEvent.MemberUp>(up => MemberUp(up.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => _peers.Remove(removed.Member.Address));
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
        Timers.StartPeriodicTimer("push-check", PushCheck.Instance, PushCheckInterval);
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberRemoved));
        _forwarding.PushReceiver = new ReplicaPushReceiver(_replication, Self, ((ExtendedActorSystem)Context.System).Provider, _log);
    }

    protected override void PostStop()
    {
        _forwarding.PushReceiver = null;
        Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private void MemberUp(Member member)
    {
        if (member.Address != _self && (_role.Length == 0 || member.HasRole(_role)) && !_peers.Contains(member.Address))
        {
            _peers.Add(member.Address);
        }
    }

    private void RequestRecount()
    {
        foreach (var key in ReplicaMapKey.All)
        {
            _replication.Replicator.Tell(Dsl.Get(key, ReadLocal.Instance));
        }
    }

    /// <summary>Queues a slot's changes. They are not sent at once: the changes of one journal commit reach the writer
    /// together (one per slot), so a flush waits for the ones already in the mailbox (<see cref="FlushQueued"/> is
    /// told to itself, behind them), and the changes of one bucket among them share an update.</summary>
    private void Enqueue(PublishReplicas publish)
    {
        var pending = _pending[publish.Bucket] ??= new ReplicaBatch(publish.Bucket);
        pending.Add(publish);
        QueueFlush();
    }

    /// <summary>Sends every bucket's waiting changes that may go (fewer than <see cref="MaxInFlightPerBucket"/> updates
    /// out): local ones as a local update each, majority/all ones as a local update each plus one push per node for all
    /// of them (<see cref="Replicate"/>).</summary>
    private void FlushAll()
    {
        _flushQueued = false;
        List<ReplicaBatch>? majority = null;
        List<ReplicaBatch>? all = null;
        for (var bucket = 0; bucket < _pending.Length; bucket++)
        {
            if (_pending[bucket] is not { } batch || _inFlight[bucket] >= MaxInFlightPerBucket)
            {
                continue;
            }

            _pending[bucket] = null;
            _inFlight[bucket]++;
            switch (batch.Consistency)
            {
                case WriteConsistency.Local:
                    Update(batch, WriteLocal.Instance, batch);
                    break;
                case WriteConsistency.Majority:
                    (majority ??= []).Add(batch);
                    break;
                default:
                    (all ??= []).Add(batch);
                    break;
            }
        }

        if (majority is not null)
        {
            Replicate(majority, WriteConsistency.Majority);
        }

        if (all is not null)
        {
            Replicate(all, WriteConsistency.All);
        }
    }

    private void QueueFlush()
    {
        if (!_flushQueued)
        {
            _flushQueued = true;
            Self.Tell(FlushQueued.Instance);
        }
    }

    /// <summary>Majority/all batches: one push with all of them to as many connected nodes as the level needs, and at the
    /// same time each batch's update of this node's replica; each batch is answered once both are done
    /// (<see cref="PushGroup"/>). One push per flush rather than per bucket: a journal commit's changes span several
    /// buckets, and every push costs a frame, an acknowledgement and their threads' wake-ups on both nodes. Without
    /// enough connected channels the batches go through DistributedData's aggregator.</summary>
    private void Replicate(List<ReplicaBatch> batches, WriteConsistency level)
    {
        if (PlanPush(level) is not { } plan)
        {
            batches.ForEach(UpdateThroughAggregator);
            return;
        }

        var group = new PushGroup(batches);
        if (plan.Needed == 0)
        {
            group.Acked();
        }
        else
        {
            var id = _pushes.NextId();
            var payload = ReplicaPushFormat.Push(id, batches);
            var sent = new List<Address>(plan.Needed);
            var rest = 0;
            for (; rest < plan.Nodes.Count && sent.Count < plan.Needed; rest++)
            {
                if (_forwarding.TryPush(plan.Nodes[rest], payload))
                {
                    sent.Add(plan.Nodes[rest]);
                }
            }

            if (sent.Count < plan.Needed)
            {
                batches.ForEach(UpdateThroughAggregator); // a channel broke since the plan
                return;
            }

            _replication.CountPushed(batches.Count);
            _pushes.Start(id, group, plan.Needed, sent, plan.Nodes.Skip(rest).ToList(), payload, NowMs(), _replication.Settings.Timeout);
        }

        foreach (var batch in batches)
        {
            Update(batch, WriteLocal.Instance, new InGroup(group, batch));
        }
    }

    /// <summary>A majority/all batch the forward channels cannot carry: DistributedData's write aggregator reaches the
    /// other nodes over remoting.</summary>
    private void UpdateThroughAggregator(ReplicaBatch batch)
    {
        _replication.CountAggregated();
        Update(batch, _replication.ToWriteConsistency(batch.Consistency), batch);
    }

    private void Update(ReplicaBatch batch, IWriteConsistency consistency, object request)
    {
        var entries = batch.Entries;
        _replication.Replicator.Tell(Dsl.Update(
            ReplicaMapKey.ForBucket(batch.Bucket),
            ReplicaMap.Empty,
            consistency,
            request,
            map => map.WithEntries(entries, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())));
    }

    /// <summary>The nodes a majority/all write can be pushed to over the forward channel, or null when too few of them are
    /// connected (the write then goes through DistributedData's aggregator).</summary>
    private PushPlan? PlanPush(WriteConsistency level)
    {
        var needed = level == WriteConsistency.All ? _peers.Count : (((_peers.Count + 1) / 2) + 1) - 1;
        var connected = new List<Address>(_peers.Count);
        foreach (var peer in _peers)
        {
            if (_forwarding.IsChannelConnected(peer))
            {
                connected.Add(peer);
            }
        }

        if (connected.Count < needed)
        {
            return null;
        }

        // Start at a different node each time, so that the first ones do not take every push.
        var start = connected.Count == 0 ? 0 : _rotation++ % connected.Count;
        var ordered = connected.Skip(start).Concat(connected.Take(start)).ToList();
        return new PushPlan(needed, ordered);
    }

    private void Completed(IUpdateResponse response)
    {
        switch (response.Request)
        {
            case ReplicaBatch batch:
                Done(batch, response.IsSuccessful ? null : response);
                break;
            case InGroup part:
                if (!response.IsSuccessful)
                {
                    Done(part.Batch, response);
                }

                if (part.Group.Settled())
                {
                    Complete(part.Group);
                }

                break;
            default:
                break; // a prune's update
        }
    }

    private void Acked(PushAcked acked)
    {
        if (_pushes.Acked(acked.Id, acked.From) is { } group && group.Acked())
        {
            Complete(group);
        }
    }

    private void Complete(PushGroup group)
    {
        foreach (var batch in group.Batches)
        {
            Done(batch, null); // not those already answered (a failed local update)
        }
    }

    private void CheckPushes()
    {
        if (_pushes.Count == 0)
        {
            return;
        }

        var now = NowMs();
        foreach (var (id, payload, nodes) in _pushes.DueLater(now))
        {
            foreach (var node in nodes)
            {
                if (_forwarding.TryPush(node, payload))
                {
                    _pushes.Sent(id, node);
                }
            }
        }

        foreach (var group in _pushes.Expired(now))
        {
            foreach (var batch in group.Batches)
            {
                Done(batch, new UpdateTimeout(ReplicaMapKey.ForBucket(batch.Bucket), batch));
            }
        }
    }

    /// <summary>Answers a batch's writes (<paramref name="failure"/> null: its replicas are written), once, and lets the
    /// bucket's next batch go (in a flush behind the messages already queued, so that the batches a push answered go
    /// on together).</summary>
    private void Done(ReplicaBatch batch, IUpdateResponse? failure)
    {
        if (batch.Answered)
        {
            return;
        }

        batch.Answered = true;
        _inFlight[batch.Bucket]--;
        if (failure is null)
        {
            foreach (var reply in batch.Replies)
            {
                reply.To.Tell(reply.Reply);
            }
        }
        else
        {
            var reason = failure switch
            {
                UpdateTimeout => $"the write is applied and in this node's replica, but did not reach {ConsistencyNames.NameOf(batch.Consistency)} of the replicas within {_replication.Settings.Timeout.TotalSeconds:0.#} s (it spreads by gossip); not acknowledged: read it back or retry",
                _ => $"the write is applied, but its replica update failed ({failure.GetType().Name}); not acknowledged: read it back or retry",
            };
            _log.Warning("replica bucket {0}: {1} ({2} changes)", batch.Bucket, failure.GetType().Name, batch.Entries.Count);
            foreach (var reply in batch.Replies)
            {
                reply.To.Tell(reply.Command.Failed(reason));
            }
        }

        if (_pending[batch.Bucket] is not null)
        {
            QueueFlush();
        }
    }

    private static long NowMs() => Environment.TickCount64;

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

    /// <summary>Where a push goes: to the first <see cref="Needed"/> of <see cref="Nodes"/>, and to the rest later if they
    /// do not all acknowledge.</summary>
    private sealed record PushPlan(int Needed, IReadOnlyList<Address> Nodes);

    /// <summary>The request of a batch's local update when the batch is in a push.</summary>
    private sealed record InGroup(PushGroup Group, ReplicaBatch Batch);

    private sealed class Prune
    {
        public static readonly Prune Instance = new();
    }

    private sealed class RecountTick
    {
        public static readonly RecountTick Instance = new();
    }

    private sealed class PushCheck
    {
        public static readonly PushCheck Instance = new();
    }

    private sealed class FlushQueued
    {
        public static readonly FlushQueued Instance = new();
    }
}
