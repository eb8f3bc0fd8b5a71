using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using AkkaKv.Actors.Replication;
using AkkaKv.Messages;
using AkkaKv.Persistence;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The write path of a store-mode slot, callable from any thread: front ends on this node hand their commands
/// to it directly (<see cref="LocalSlot.Inbox"/>), the slot's actor hands it the rest. A command is decided at once, on
/// the caller's thread, into a batch of its own, even while an earlier batch is still being journaled (up to
/// <see cref="MaxBatchesInFlight"/>): it is then decided after that batch's writes, and queued right behind it, so it
/// can join the same group commit instead of waiting for the next one. Commands that arrive while the limit is reached
/// wait and go together in one batch once the oldest is durable. Batches are written straight to the journal's group
/// commit (<see cref="DirectJournal"/>), and applied and answered on the journal's writer thread once durable, in order;
/// a batch whose predecessor fails is refused by the journal, never written after a gap. So a durable write costs no
/// actor message on this node, where through the actor and Persist it cost five (to the slot, to the journal, two
/// answers back, the reply), and a write still becomes visible to readers, and acknowledged, only once it is durable.
/// <para>The lock guards the batch state and every change to the slot's state; the actor takes it too for queries
/// that walk the state (scans, counts). Lock order: this lock, then the journal writer's queue lock, never the other
/// way. The actor keeps what needs an actor: recovery, timers, snapshots' replies, hand-off and stopping, told by the
/// messages at the end of this file.</para></summary>
internal sealed class DurableWrites
{
    private readonly Lock _gate = new();
    private readonly SlotState _state;
    private readonly string _persistenceId;
    private readonly string _writerUuid = Guid.NewGuid().ToString("N");
    private readonly DirectJournal _journal;
    private readonly IActorRef _snapshotStore;
    private readonly IActorRef _owner;
    private readonly SlotReplicas _replicas;
    private readonly int _snapshotEvery;
    private readonly ILoggingAdapter _log;
    private readonly TimeProvider _clock;
    private readonly List<(ISlotCommand Command, IActorRef Sender)> _waiting = [];
    private readonly List<InFlight> _inFlight = []; // the batches being journaled, oldest first

    /// <summary>A slot's batches in the journal's queue at once. Two let a command join the group commit its slot's
    /// previous batch is waiting for (with random keys, ~12% of commands found that batch still queued and waited a
    /// whole extra commit); beyond that a hot slot's commands wait and go together, one batch per commit.</summary>
    private const int MaxBatchesInFlight = 2;
    private long _sequenceNr;
    private long _eventsSinceSnapshot;
    private bool _expiryDue;
    private bool _open = true;
    private bool _stopped;
    private bool _failed;

    /// <param name="sequenceNr">The highest sequence number recovery saw; the next event gets the one after.</param>
    /// <param name="eventsSinceSnapshot">Events replayed after the snapshot recovery started from.</param>
    public DurableWrites(
        SlotState state, string persistenceId, long sequenceNr, long eventsSinceSnapshot, int snapshotEvery, DirectJournal journal,
        IActorRef snapshotStore, IActorRef owner, SlotReplicas replicas, TimeProvider clock, ILoggingAdapter log)
    {
        _state = state;
        _persistenceId = persistenceId;
        _sequenceNr = sequenceNr;
        _eventsSinceSnapshot = eventsSinceSnapshot;
        _snapshotEvery = snapshotEvery;
        _journal = journal;
        _snapshotStore = snapshotStore;
        _owner = owner;
        _replicas = replicas;
        _clock = clock;
        _log = log;
    }

    /// <summary>Takes a command to decide in the next batch; false once the slot hands off or stops (send it to the
    /// slot's next home then). The caller has already checked the memory budget.</summary>
    public bool TrySubmit(ISlotCommand command, IActorRef sender)
    {
        if (_replicas.Node.RefuseOverBudget(command) is { } full)
        {
            sender.Tell(command.Failed(full));
            return true;
        }

        lock (_gate)
        {
            if (!_open)
            {
                return false;
            }

            _waiting.Add((command, sender));
            Flush();
            return true;
        }
    }

    /// <summary>The expiry timer fired: the next batch also expires the keys that are due.</summary>
    public void ExpireDue()
    {
        lock (_gate)
        {
            if (_open)
            {
                _expiryDue = true;
                Flush();
            }
        }
    }

    /// <summary>Runs a query that walks the state, so that no batch is applied meanwhile.</summary>
    public T Read<T>(Func<SlotState, T> query)
    {
        lock (_gate)
        {
            return query(_state);
        }
    }

    /// <summary>The slot hands off: takes nothing more and returns the undecided commands (for the next home). True in
    /// <paramref name="batchInFlight"/> when a batch is still being journaled: <see cref="BatchSettled"/> follows.</summary>
    public List<(ISlotCommand Command, IActorRef Sender)> Close(out bool batchInFlight)
    {
        lock (_gate)
        {
            _open = false;
            batchInFlight = _inFlight.Count > 0;
            var undecided = new List<(ISlotCommand, IActorRef)>(_waiting);
            _waiting.Clear();
            return undecided;
        }
    }

    /// <summary>The actor stopped: undecided commands are refused, the batch in flight is still answered when the journal
    /// settles it (truthfully: its outcome will be known) but no longer applied, and the keys leave this node's memory.</summary>
    public void Stopped()
    {
        lock (_gate)
        {
            _open = false;
            _stopped = true;
            FailWaiting("the slot stopped before this write was decided; nothing was changed, retry");
            _state.Release();
        }
    }

    /// <summary>On the journal's writer thread: <paramref name="batch"/> (the oldest in flight: the journal keeps a
    /// slot's batches in order) is durable.</summary>
    private void Committed(InFlight batch)
    {
        lock (_gate)
        {
            _inFlight.Remove(batch);
            if (_stopped)
            {
                Reply(batch.Replies, null, replicate: false);
                return;
            }

            var hadExpiries = _state.HasPendingExpiries;
            batch.Batch.ApplyTo(_state);
            _eventsSinceSnapshot += batch.Events.Count;
            if (_inFlight.Count > 0)
            {
                _inFlight[0].Batch.BeforeApplied(); // the state now holds what it read through
            }

            if (!hadExpiries && _state.HasPendingExpiries)
            {
                _owner.Tell(ExpireTick.Instance);
            }

            if (_open && _eventsSinceSnapshot >= _snapshotEvery)
            {
                // Taken here, between batches, so it holds exactly the events up to this batch's last (later batches may
                // be queued already, with higher numbers). The store answers the actor.
                _eventsSinceSnapshot = 0;
                _snapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(_persistenceId, batch.LastSequenceNr, _clock.GetUtcNow().UtcDateTime), _state.ToSnapshot()), _owner);
            }

            // Replies go last: one whose continuation ran on this thread and submitted again (the lock is reentrant)
            // decides a new batch, which must be decided after everything above.
            Reply(batch.Replies, batch.ExpiredReplicas, replicate: true);
            if (!_open)
            {
                if (_inFlight.Count == 0)
                {
                    _owner.Tell(BatchSettled.Instance);
                }

                return;
            }

            Flush();
        }
    }

    /// <summary>On the journal's writer thread: <paramref name="batch"/> failed (the batches after it are then refused
    /// and fail too). Nothing of it was applied here, but the journal may hold it (a lost COMMIT reply), so the slot
    /// stops and its next incarnation recovers the truth.</summary>
    private void Failed(InFlight batch, Exception cause, bool mayHaveCommitted)
    {
        lock (_gate)
        {
            _inFlight.Remove(batch);
            FailDecided(
                batch.Replies,
                mayHaveCommitted
                    ? "the journal write failed: it may or may not have been applied, retry"
                    : "the journal refused the write; nothing was changed, retry");
            _open = false;
            FailWaiting("the journal failed before this write was decided; nothing was changed, retry");
            if (!_failed)
            {
                _failed = true;
                _owner.Tell(new JournalFailed(cause));
            }
        }
    }

    private void Flush()
    {
        var idle = _inFlight.Count == 0;
        if ((_waiting.Count == 0 && !_expiryDue) || _inFlight.Count >= MaxBatchesInFlight || _failed)
        {
            return;
        }

        // Expiries are decided against the committed state only. When they are due, nothing new is decided until the
        // batches in flight (at most two) have committed, so a slot that is never idle still expires its keys.
        if (_expiryDue && !idle)
        {
            return;
        }

        // One clock reading for the whole batch: a key found due must also be expired by the batch that decides it.
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var before = idle ? null : _inFlight[^1];
        var batch = before is null ? new WriteBatch(_state, now) : new WriteBatch(_state, now, before.Batch);
        if (_expiryDue)
        {
            _expiryDue = false;
            foreach (var key in _state.DueForExpiry(now, ExpireTick.MaxKeysPerTick))
            {
                batch.Expire(key);
            }
        }

        var expired = _replicas.Collect(batch.Events, 0, batch.Events.Count, _state, now);
        var replies = new List<Decided>(_waiting.Count);
        foreach (var (command, sender) in _waiting)
        {
            var from = batch.Events.Count;
            var reply = command.Decide(batch);
            // Decided against the committed state: the replica entries of a FLUSH are the keys held before the batch.
            replies.Add(new Decided(sender, command, reply, _replicas.Collect(batch.Events, from, batch.Events.Count, _state, now)));
        }

        if (before is not null && batch.Events.Count == 0)
        {
            // What these commands saw (reads, refused CAS) is not durable yet: they are answered after the batch they
            // read through, and fail with it.
            before.Replies.AddRange(replies);
            _waiting.Clear();
            return;
        }

        if (before is not null && ClearsSlot(batch.Events))
        {
            // A FLUSH's replica tombstones are the keys held before it, which only the committed state lists: decide it
            // again once nothing is in flight.
            return;
        }

        _waiting.Clear();
        if (batch.Events.Count == 0)
        {
            Reply(replies, null, replicate: false);
            return;
        }

        var first = _sequenceNr + 1;
        _sequenceNr += batch.Events.Count;
        var inFlight = new InFlight(this, batch, replies, expired, _sequenceNr);
        _inFlight.Add(inFlight); // before Append: a journal that has stopped answers (Failed) at once, on this thread
        try
        {
            // One transaction: the whole batch lands or none of it does.
            inFlight.Queued = _journal.Append(_persistenceId, first, batch.Events, _writerUuid, inFlight, before?.Queued);
        }
        catch (Exception ex) when (_inFlight.Contains(inFlight))
        {
            // An event that cannot be serialized: nothing was queued, so the batch is simply refused.
            _log.Error(ex, "{0}: the journal rejected a batch of {1} events", _persistenceId, batch.Events.Count);
            _sequenceNr = first - 1;
            _inFlight.Remove(inFlight);
            foreach (var change in batch.Events)
            {
                if (change is KeyExpired expiredKey)
                {
                    _state.RescheduleExpiry(expiredKey.Key); // taken off the expiry queue when the batch was decided
                }
            }

            FailDecided(replies, "the journal rejected the write");
        }
    }

    private static void FailDecided(List<Decided> decided, string reason)
    {
        foreach (var d in decided)
        {
            d.Sender.Tell(d.Command.Failed(reason));
        }
    }

    private void FailWaiting(string reason)
    {
        foreach (var (command, sender) in _waiting)
        {
            sender.Tell(command.Failed(reason));
        }

        _waiting.Clear();
    }

    /// <summary>Answers a settled batch. With <paramref name="replicate"/> (it was journaled), the commands that changed
    /// replicated keys are answered only once their replicas are written (<see cref="SlotReplicas"/>).</summary>
    private void Reply(List<Decided> replies, List<ReplicaEntry>? expired, bool replicate)
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

        if (waiting is not null || expired is not null)
        {
            _replicas.Publish(waiting ?? [], expired);
        }
    }

    private static bool ClearsSlot(IReadOnlyList<ISlotEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SlotCleared)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A command decided in a batch in flight, the reply it gets once the batch is durable, and the replica
    /// entries that reply waits for (null: it changed no replicated key). A struct: one per durable write, kept in its
    /// batch's list.</summary>
    private readonly record struct Decided(IActorRef Sender, ISlotCommand Command, object Reply, List<ReplicaEntry>? Replicas);

    /// <summary>A batch being journaled: its decisions (events and replies), the replica tombstones of the expiries it
    /// holds, its last sequence number, and its place in the journal's queue (for the next batch to follow). The journal
    /// tells it how it went.</summary>
    private sealed class InFlight(
        DurableWrites writes, WriteBatch batch, List<Decided> replies, List<ReplicaEntry>? expiredReplicas, long lastSequenceNr)
        : IAppendCallback
    {
        public WriteBatch Batch { get; } = batch;

        public IReadOnlyList<ISlotEvent> Events => Batch.Events;

        public List<Decided> Replies { get; } = replies;

        public List<ReplicaEntry>? ExpiredReplicas { get; } = expiredReplicas;

        public long LastSequenceNr { get; } = lastSequenceNr;

        public QueuedAppend? Queued { get; set; }

        public void Committed() => writes.Committed(this);

        public void Failed(Exception cause, bool mayHaveCommitted) => writes.Failed(this, cause, mayHaveCommitted);
    }
}

/// <summary>To the slot's actor: the batch that was in flight when the slot closed for a hand-off is settled.</summary>
internal sealed class BatchSettled
{
    public static readonly BatchSettled Instance = new();

    private BatchSettled()
    {
    }
}

/// <summary>To the slot's actor: a journal write failed; the slot stops and its next incarnation recovers.</summary>
internal sealed record JournalFailed(Exception Cause);
