using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Persistence;
using AkkaKv.Coordination;

namespace AkkaKv.Actors.Coordination;

/// <summary>The cluster's single authority over its keyspace, run as a cluster singleton on the oldest kv node.
/// It must be one actor because its decisions must not diverge: the first node to register fixes the slot count,
/// shard count and mode for the life of the cluster, and every later node is checked against that one record (two
/// coordinators could each accept a different count, and keys would then hash to different slots on different nodes).
/// It also keeps the cluster-wide slot map (who owns each slot, how many keys, its revision) that the admin API reads.
/// Both are journaled, so a coordinator restarted on another node after a hand-over continues from the same record.
/// And it keeps every slot running: a slot that no node has reported for a while (sharding moved its shard, and starts
/// a slot only when a message reaches it) is pinged through the shard region, so its TTLs keep expiring.</summary>
public sealed class KeyspaceCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string SingletonName = "keyspace-coordinator";
    private const int SnapshotEvery = 2000;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly TimeProvider _clock;
    private KeyspaceLedger _ledger = new();
    private int _eventsSinceSnapshot;
    private IActorRef? _region;

    private sealed class WakeQuietSlots
    {
        public static readonly WakeQuietSlots Instance = new();
    }

    /// <summary>The singleton manager's termination message, instead of its default PoisonPill. A PoisonPill stops a
    /// persistent actor at once, with a write still in the journal's queue; that write then committed after the next
    /// coordinator (on another node) had recovered, and the next one's first write failed on a duplicate sequence number
    /// (seen once, in a leave test). This is a command: Persist holds commands back until its write is answered, so the
    /// coordinator stops only once nothing it wrote is still in flight.</summary>
    public sealed class Stop
    {
        public static readonly Stop Instance = new();

        private Stop()
        {
        }
    }

    /// <param name="durable">False in cache mode, which has no journal: the record then lives in memory only, and a
    /// hand-over starts it again from the next registration and reports.</param>
    public KeyspaceCoordinator(bool durable, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        if (!durable)
        {
            JournalPluginId = "akka.persistence.journal.inmem";
            SnapshotPluginId = "akka.persistence.snapshot-store.inmem";
        }

        Recover<SnapshotOffer>(offer => _ledger = KeyspaceLedger.FromSnapshot((CoordinatorSnapshot)offer.Snapshot));
        Recover<ICoordinatorEvent>(change =>
        {
            _ledger.Apply(change);
            _eventsSinceSnapshot++;
        });

        Command<RegisterNode>(Register);
        Command<SlotsReport>(report => JournalChanges(_ledger.Report(report, Now)));
        Command<WakeQuietSlots>(_ => WakeQuiet());
        Command<AkkaKv.Messages.SlotReady>(_ => { });
        Command<GetKeyspaceView>(_ => Sender.Tell(_ledger.View()));
        Command<ClusterEvent.MemberRemoved>(removed => JournalChanges(_ledger.NodeLeft(removed.Member.Address.ToString())));
        Command<SaveSnapshotSuccess>(saved => DeleteMessages(saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "keyspace coordinator: snapshot failed; the journal still has every event"));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "keyspace coordinator: journal clean-up failed"));
        Command<Stop>(_ => Context.Stop(Self));
    }

    public override string PersistenceId => SingletonName;

    public ITimerScheduler Timers { get; set; } = null!;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static Props PropsFor(bool durable) => Props.Create(() => new KeyspaceCoordinator(durable, null));

    protected override void PreStart()
    {
        base.PreStart();
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.MemberRemoved));
        // Two report intervals of silence before a ping: a slot reported by its owner is never pinged.
        Timers.StartPeriodicTimer("wake", WakeQuietSlots.Instance, SlotReporter.Interval * 2);
    }

    private void WakeQuiet()
    {
        if (_ledger.Config is null)
        {
            return;
        }

        _region ??= Akka.Cluster.Sharding.ClusterSharding.Get(Context.System).ShardRegion(Slots.SlotRegion.NameOf(Context.System));
        foreach (var slot in _ledger.NotReportedSince(Now - (long)(SlotReporter.Interval * 2).TotalMilliseconds))
        {
            _region.Tell(new AkkaKv.Messages.PingSlot(slot));
        }
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        base.PostStop();
    }

    private void Register(RegisterNode request)
    {
        var reply = _ledger.Register(request, Now, out var born);
        if (born is null)
        {
            if (reply is NodeRefused refused)
            {
                _log.Warning("keyspace coordinator: refused {0}: {1}", request.Address, refused.Reason);
            }

            Sender.Tell(reply);
            return;
        }

        // The reply waits for the journal: a node must never be told a configuration that a crash could forget.
        Persist(born, change =>
        {
            _ledger.Apply(change);
            _log.Info("keyspace coordinator: cluster born with {0} slots, {1} shards, {2} mode", change.Config.SlotCount, change.Config.ShardCount, change.Config.Mode);
            Sender.Tell(reply);
        });
    }

    private void JournalChanges(IReadOnlyList<SlotOwnerChanged> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        PersistAll(changes, change =>
        {
            _ledger.Apply(change);
            if (++_eventsSinceSnapshot >= SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(_ledger.ToSnapshot());
            }
        });
    }
}
