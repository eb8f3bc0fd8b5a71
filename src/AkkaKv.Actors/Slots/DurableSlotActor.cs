using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using AkkaKv.Actors.Replication;
using AkkaKv.Messages;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The single writer of one slot in store mode. Writes that arrive while a batch is being journaled wait and go
/// together in the next batch (one journal round trip, so a hot slot is not limited to one write per fsync); a write is
/// acknowledged, and becomes visible to readers, only once its batch is durable. On hand-off (see <see cref="SlotHandOff"/>)
/// the batch in flight finishes first, so no acknowledged write is lost and no reply lies about an outcome.</summary>
public sealed class DurableSlotActor : ReceivePersistentActor, IWithTimers
{
    private readonly int _slot;
    private readonly int _snapshotEvery;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<(ISlotCommand Command, IActorRef Sender)> _waiting = [];
    private List<Decided>? _inFlight;
    private SlotState _state;
    private bool _expiryDue;
    private bool _batchRejected;
    private int _batchEvents;
    private int _batchPending;
    private long _eventsSinceSnapshot;
    private LocalSlot? _published;
    private readonly IActorRef? _handOffTarget;
    private readonly SlotReplicas _replicas;
    private List<ReplicaEntry>? _expiredReplicas;
    private IActorRef? _handOffTo;

    /// <param name="handOffTarget">Where to send what arrives during a hand-off; the shard region when null (tests pass a probe).</param>
    public DurableSlotActor(int slot, int snapshotEvery, TimeProvider? clock = null, IActorRef? handOffTarget = null)
    {
        _slot = slot;
        _snapshotEvery = snapshotEvery;
        _clock = clock ?? TimeProvider.System;
        _handOffTarget = handOffTarget;
        PersistenceId = PersistenceIdFor(slot);
        _state = new SlotState(LocalSlots.For(Context.System).Memory);
        _replicas = new SlotReplicas(slot, NodeReplication.For(Context.System));

        Recover<SnapshotOffer>(offer =>
        {
            _state = SlotState.FromSnapshot((SlotSnapshot)offer.Snapshot, LocalSlots.For(Context.System).Memory);
        });
        Recover<ISlotEvent>(change =>
        {
            _state.Apply(change);
            _eventsSinceSnapshot++;
        });
        Recover<RecoveryCompleted>(_ =>
        {
            _published = new LocalSlot(_state, Self, inlineWrites: false, LocalSlots.For(Context.System).Evictor);
            LocalSlots.For(Context.System).Publish(_slot, _published);
            ExpireTick.Schedule(Timers, _state);
            if (_replicas.Enabled)
            {
                // The journal is the truth; the replica catches up with it (no need to hold commands meanwhile: every
                // later change has a higher revision, so it wins over whatever this repair sends).
                _replicas.Node.Replicator.Tell(Dsl.Get(ReplicaMapKey.ForBucket(_replicas.Bucket), ReadLocal.Instance, ReconcileRequest));
            }
        });

        Command<SlotHandOff>(_ => BeginHandOff());
        Command<StopSlot>(_ => Context.Stop(Self));
        Command<IWithSlot>(message => Redirect(message, Sender), _ => _handOffTo is not null);
        Command<GetSuccess>(got => Reconcile(got.Get<ReplicaMap>((ReplicaMapKey)got.Key)), got => ReferenceEquals(got.Request, ReconcileRequest));
        Command<NotFound>(_ => Reconcile(ReplicaMap.Empty), missing => ReferenceEquals(missing.Request, ReconcileRequest));
        Command<ISlotCommand>(command =>
        {
            // Store mode evicts nothing (an eviction would have to be journaled): over budget, writes are refused.
            if (_published?.RefuseIfNoRoom(command, Now) is { } refused)
            {
                Sender.Tell(refused);
                return;
            }

            if (_replicas.Node.RefuseOverBudget(command) is { } full)
            {
                Sender.Tell(command.Failed(full));
                return;
            }

            _waiting.Add((command, Sender));
            FlushIfIdle();
        });
        Command<ExpireTick>(_ =>
        {
            _expiryDue = _handOffTo is null;
            FlushIfIdle();
        });
        Command<SaveSnapshotSuccess>(saved =>
        {
            // Everything up to the snapshot is in it; older journal rows and snapshots are dead weight.
            DeleteMessages(saved.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "slot {0}: snapshot failed; the journal still has every event", _slot));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "slot {0}: journal clean-up failed", _slot));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning(failed.Cause, "slot {0}: snapshot clean-up failed", _slot));
        CommandAny(message =>
        {
            if (!SlotQueries.TryAnswer(_state, _slot, message, Now, Sender))
            {
                Unhandled(message);
            }
        });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static string PersistenceIdFor(int slot) => $"slot-{slot}";

    private static readonly object ReconcileRequest = new();

    public static Props PropsFor(int slot, int snapshotEvery, TimeProvider? clock = null, IActorRef? handOffTarget = null) =>
        Props.Create(() => new DurableSlotActor(slot, snapshotEvery, clock, handOffTarget));

    private void FlushIfIdle()
    {
        if (_inFlight is not null || (_waiting.Count == 0 && !_expiryDue))
        {
            return;
        }

        // One clock reading for the whole batch: a key found due must also be expired by the batch that decides it.
        var now = Now;
        var batch = new WriteBatch(_state, now);
        if (_expiryDue)
        {
            _expiryDue = false;
            foreach (var key in _state.DueForExpiry(now, ExpireTick.MaxKeysPerTick))
            {
                batch.Expire(key);
            }
        }

        _expiredReplicas = _replicas.Collect(batch.Events, 0, batch.Events.Count, _state, now);
        var replies = new List<Decided>(_waiting.Count);
        foreach (var (command, sender) in _waiting)
        {
            var from = batch.Events.Count;
            var reply = command.Decide(batch);
            // Decided against the committed state: the replica entries of a FLUSH are the keys held before the batch.
            replies.Add(new Decided(sender, command, reply, _replicas.Collect(batch.Events, from, batch.Events.Count, _state, now)));
        }

        _waiting.Clear();
        if (batch.Events.Count == 0)
        {
            Reply(replies, replicate: false);
            ExpireTick.Schedule(Timers, _state);
            return;
        }

        _inFlight = replies;
        _batchRejected = false;
        _batchEvents = _batchPending = batch.Events.Count;
        // One AtomicWrite: the whole batch lands or none of it does. Its last handler (or rejection) ends the batch;
        // that saves a DeferAsync round trip through the journal per batch.
        PersistAllAsync(batch.Events, change =>
        {
            _state.Apply(change, now);
            EventSettled();
        });
    }

    private void EventSettled()
    {
        if (--_batchPending == 0)
        {
            OnBatchDone(_batchEvents);
        }
    }

    private void OnBatchDone(int events)
    {
        var replies = _inFlight!;
        _inFlight = null;
        if (_batchRejected)
        {
            replies = [.. replies.Select(r => r with { Reply = r.Command.Failed("the journal rejected the write"), Replicas = null })];
        }
        else
        {
            _eventsSinceSnapshot += events;
        }

        Reply(replies, replicate: !_batchRejected);
        ExpireTick.Schedule(Timers, _state);
        if (_handOffTo is not null)
        {
            Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
            return;
        }

        if (_eventsSinceSnapshot >= _snapshotEvery)
        {
            _eventsSinceSnapshot = 0;
            SaveSnapshot(_state.ToSnapshot());
        }

        FlushIfIdle();
    }

    /// <summary>What arrives during a hand-off goes on to the slot's next home (to the probe a test gave instead).</summary>
    private void Redirect(object message, IActorRef sender)
    {
        if (_handOffTarget is not null)
        {
            _handOffTarget.Tell(message, sender);
            return;
        }

        SlotHandOff.Redirect(Context, _handOffTo!, message, sender);
    }

    private void BeginHandOff()
    {
        if (_handOffTo is not null)
        {
            return;
        }

        if (_published is not null)
        {
            LocalSlots.For(Context.System).Withdraw(_slot, _published);
        }

        _handOffTo = _handOffTarget ?? SlotHandOff.Region(Context);
        // Undecided writes go to the slot's next home; the batch in flight (if any) is answered here first.
        foreach (var (command, sender) in _waiting)
        {
            Redirect(command, sender);
        }

        _waiting.Clear();
        if (_inFlight is null)
        {
            Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
        }
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _log.Error(cause, "slot {0}: journal rejected event {1}", _slot, sequenceNr);
        _batchRejected = true;
        if (@event is KeyExpired expired)
        {
            _state.RescheduleExpiry(expired.Key);
        }

        EventSettled();
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // Akka stops a persistent actor whose write failed: nothing in flight or waiting was applied, so say so now.
        _log.Error(cause, "slot {0}: journal write failed; the slot restarts from the journal", _slot);
        // The database may have committed before failing to say so (a lost COMMIT reply): the outcome is unknown.
        FailAll(
            "the journal write failed: it may or may not have been applied, retry",
            "the journal failed before this write was decided; nothing was changed, retry");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void PostStop()
    {
        if (_published is not null)
        {
            LocalSlots.For(Context.System).Withdraw(_slot, _published);
        }

        FailAll(
            "the slot stopped while this write was being journaled: it may or may not have been applied",
            "the slot stopped before this write was decided; nothing was changed, retry");
        // The keys stay in the journal, not in this node's memory.
        _state.Release();
        base.PostStop();
    }

    private void FailAll(string inFlightReason, string waitingReason)
    {
        foreach (var decided in _inFlight ?? [])
        {
            decided.Sender.Tell(decided.Command.Failed(inFlightReason));
        }

        foreach (var (command, sender) in _waiting)
        {
            sender.Tell(command.Failed(waitingReason));
        }

        _inFlight = null;
        _waiting.Clear();
    }

    /// <summary>Answers a settled batch. With <paramref name="replicate"/> (it was journaled), the commands that changed
    /// replicated keys are answered only once their replicas are written (<see cref="SlotReplicas"/>).</summary>
    private void Reply(List<Decided> replies, bool replicate)
    {
        List<(IActorRef, ISlotCommand, object, List<ReplicaEntry>)>? waiting = null;
        foreach (var decided in replies)
        {
            if (replicate && decided.Replicas is { } entries)
            {
                (waiting ??= []).Add((decided.Sender, decided.Command, decided.Reply, entries));
            }
            else
            {
                decided.Sender.Tell(decided.Reply);
            }
        }

        var expired = replicate ? _expiredReplicas : null;
        _expiredReplicas = null;
        if (waiting is not null || expired is not null)
        {
            _replicas.Publish(waiting ?? [], expired);
        }
    }

    /// <summary>A store-mode slot has recovered: the replica of its keys is brought up to what the journal holds.</summary>
    private void Reconcile(ReplicaMap replica)
    {
        var mine = replica.Entries.Values.Where(e => _replicas.Node.Hasher.SlotOf(e.Key) == _slot);
        var repairs = SlotReconciliation.StoreRepairs(_state, mine, _replicas.Node.IsReplicated, Now, out var ahead);
        if (ahead > 0)
        {
            _log.Warning("slot {0}: the replica holds {1} changes newer than the journal; none was acknowledged, left as they are", _slot, ahead);
        }

        if (repairs.Count > 0)
        {
            _log.Info("slot {0}: {1} replicated keys repaired in the replica", _slot, repairs.Count);
            _replicas.Publish([], repairs);
        }
    }

    /// <summary>A command decided in the batch in flight, the reply it gets once the batch is durable, and the replica
    /// entries that reply waits for (null: it changed no replicated key).</summary>
    private sealed record Decided(IActorRef Sender, ISlotCommand Command, object Reply, List<ReplicaEntry>? Replicas = null);
}
