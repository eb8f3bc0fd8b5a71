using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Akka.Persistence;
using AkkaKv.Actors.Replication;
using AkkaKv.Messages;
using AkkaKv.Persistence;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The owner of one slot in store mode. Its writes are decided, journaled and answered by
/// <see cref="DurableWrites"/> (from any thread: front ends on this node hand them over directly); this actor recovers
/// the slot from the journal, publishes it, runs its expiry timer, answers queries, cleans up after snapshots, and hands
/// the slot off (see <see cref="SlotHandOff"/>): the batch in flight finishes first, so no acknowledged write is lost
/// and no reply lies about an outcome.
/// <para>Akka.Persistence recovers it (snapshot, then events) as usual. It never calls Persist: the events go straight
/// to the group commit journal's writer (<see cref="DirectJournal"/>) with sequence numbers that continue from
/// recovery's, and snapshots and deletes are sent to the snapshot store and journal with them.</para></summary>
public sealed class DurableSlotActor : ReceivePersistentActor, IWithTimers
{
    private readonly int _slot;
    private readonly int _snapshotEvery;
    private readonly TimeProvider _clock;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SlotState _state;
    private long _eventsSinceSnapshot;
    private LocalSlot? _published;
    private DurableWrites? _writes;
    private readonly IActorRef? _handOffTarget;
    private readonly SlotReplicas _replicas;
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
        Recover<RecoveryCompleted>(_ => Recovered());

        Command<SlotHandOff>(_ => BeginHandOff());
        Command<StopSlot>(_ => Context.Stop(Self));
        Command<IWithSlot>(message => Redirect(message, Sender), _ => _handOffTo is not null);
        Command<GetSuccess>(got => Reconcile(got.Get<ReplicaMap>((ReplicaMapKey)got.Key)), got => ReferenceEquals(got.Request, ReconcileRequest));
        Command<NotFound>(_ => Reconcile(ReplicaMap.Empty), missing => ReferenceEquals(missing.Request, ReconcileRequest));
        Command<ISlotCommand>(command =>
        {
            if (!_published!.TrySubmit(command, Sender, Now))
            {
                // Closed by a journal failure: the slot is stopping, and its next incarnation will take the write.
                Sender.Tell(command.Failed("the slot is restarting after a journal failure; nothing was changed, retry"));
            }
        });
        Command<ExpireTick>(_ =>
        {
            _writes!.ExpireDue();
            ExpireTick.Schedule(Timers, _writes.Read(state => state.HasPendingExpiries));
        });
        Command<BatchSettled>(_ => Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace));
        Command<JournalFailed>(failed =>
        {
            // As Akka stops a persistent actor whose write failed; sharding starts the next incarnation on demand.
            _log.Error(failed.Cause, "slot {0}: journal write failed; the slot restarts from the journal", _slot);
            Context.Stop(Self);
        });
        Command<SaveSnapshotSuccess>(saved =>
        {
            // Everything up to the snapshot is in it; older journal rows and snapshots are dead weight.
            Journal.Tell(new DeleteMessagesTo(PersistenceId, saved.Metadata.SequenceNr, Self));
            DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        });
        Command<SaveSnapshotFailure>(failed => _log.Warning(failed.Cause, "slot {0}: snapshot failed; the journal still has every event", _slot));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning(failed.Cause, "slot {0}: journal clean-up failed", _slot));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning(failed.Cause, "slot {0}: snapshot clean-up failed", _slot));
        CommandAny(message =>
        {
            if (!_writes!.Read(state => SlotQueries.TryAnswer(state, _slot, message, Now, Sender)))
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

    private void Recovered()
    {
        var journal = DirectJournal.Of(Journal)
            ?? throw new InvalidOperationException($"slot {_slot}: store mode needs AkkaKv's group commit journal, and the configured journal is another");
        var local = LocalSlots.For(Context.System);
        _writes = new DurableWrites(
            _state, PersistenceId, LastSequenceNr, _eventsSinceSnapshot, _snapshotEvery, journal, SnapshotStore, Self, _replicas, _clock, _log);
        _published = new LocalSlot(_state, Self, _writes, local.Evictor, ((ExtendedActorSystem)Context.System).Provider);
        local.Publish(_slot, _published);
        ExpireTick.Schedule(Timers, _state);
        if (_replicas.Enabled)
        {
            // The journal is the truth; the replica catches up with it (no need to hold commands meanwhile: every
            // later change has a higher revision, so it wins over whatever this repair sends).
            _replicas.Node.Replicator.Tell(Dsl.Get(ReplicaMapKey.ForBucket(_replicas.Bucket), ReadLocal.Instance, ReconcileRequest));
        }
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

        _handOffTo = _handOffTarget ?? SlotHandOff.Region(Context);
        if (_published is null)
        {
            Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
            return;
        }

        LocalSlots.For(Context.System).Withdraw(_slot, _published);
        // Undecided writes go to the slot's next home; the batch in flight (if any) is answered here first.
        var undecided = _writes!.Close(out var batchInFlight);
        foreach (var (command, sender) in undecided)
        {
            Redirect(command, sender);
        }

        if (!batchInFlight)
        {
            Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
        }
    }

    protected override void PostStop()
    {
        if (_published is not null)
        {
            LocalSlots.For(Context.System).Withdraw(_slot, _published);
        }

        // The keys stay in the journal, not in this node's memory.
        if (_writes is not null)
        {
            _writes.Stopped();
        }
        else
        {
            _state.Release();
        }

        base.PostStop();
    }

    /// <summary>A store-mode slot has recovered: the replica of its keys is brought up to what the journal holds.</summary>
    private void Reconcile(ReplicaMap replica)
    {
        var mine = replica.Entries.Values.Where(e => _replicas.Node.Hasher.SlotOf(e.Key) == _slot);
        var ahead = 0;
        var repairs = _writes!.Read(state => SlotReconciliation.StoreRepairs(state, mine, _replicas.Node.IsReplicated, Now, out ahead));
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
}
