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
/// to it directly (<see cref="LocalSlot.Inbox"/>), the slot's actor hands it the rest. Commands that arrive while a batch
/// is being journaled wait and go together in the next batch; a batch is decided against the committed state, written
/// straight to the journal's group commit (<see cref="DirectJournal"/>), and applied and answered on the journal's
/// writer thread once durable. So a durable write costs no actor message on this node, where through the actor and
/// Persist it cost five (to the slot, to the journal, two answers back, the reply), and a write still becomes visible
/// to readers, and acknowledged, only once it is durable.
/// <para>The lock guards the batch state and every change to the slot's state; the actor takes it too for queries
/// that walk the state (scans, counts). Lock order: this lock, then the journal writer's queue lock, never the other
/// way. The actor keeps what needs an actor: recovery, timers, snapshots' replies, hand-off and stopping, told by the
/// messages at the end of this file.</para></summary>
internal sealed class DurableWrites : IAppendCallback
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
    private InFlight? _inFlight; // the batch being journaled; at most one
    private long _sequenceNr;
    private long _eventsSinceSnapshot;
    private bool _expiryDue;
    private bool _open = true;
    private bool _stopped;

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
            FlushIfIdle();
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
                FlushIfIdle();
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
            batchInFlight = _inFlight is not null;
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

    /// <summary>On the journal's writer thread: the batch in flight is durable.</summary>
    public void Committed()
    {
        lock (_gate)
        {
            var batch = _inFlight!;
            _inFlight = null;
            if (_stopped)
            {
                Reply(batch.Replies, null, replicate: false);
                return;
            }

            var hadExpiries = _state.HasPendingExpiries;
            foreach (var change in batch.Events)
            {
                _state.Apply(change, batch.NowMs);
            }

            _eventsSinceSnapshot += batch.Events.Count;
            if (!hadExpiries && _state.HasPendingExpiries)
            {
                _owner.Tell(ExpireTick.Instance);
            }

            if (_open && _eventsSinceSnapshot >= _snapshotEvery)
            {
                // Taken here, between batches, so it holds exactly the events up to _sequenceNr. The store answers the actor.
                _eventsSinceSnapshot = 0;
                _snapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(_persistenceId, _sequenceNr, _clock.GetUtcNow().UtcDateTime), _state.ToSnapshot()), _owner);
            }

            // Replies go last: one whose continuation ran on this thread and submitted again (the lock is reentrant)
            // would start the next batch, and nothing above may see that batch's sequence numbers.
            Reply(batch.Replies, batch.ExpiredReplicas, replicate: true);
            if (!_open)
            {
                _owner.Tell(BatchSettled.Instance);
                return;
            }

            FlushIfIdle();
        }
    }

    /// <summary>On the journal's writer thread: the batch in flight failed. Nothing of it was applied here, but the
    /// journal may hold it (a lost COMMIT reply), so the slot stops and its next incarnation recovers the truth.</summary>
    public void Failed(Exception cause, bool mayHaveCommitted)
    {
        lock (_gate)
        {
            FailDecided(
                _inFlight?.Replies ?? [],
                mayHaveCommitted
                    ? "the journal write failed: it may or may not have been applied, retry"
                    : "the journal refused the write; nothing was changed, retry");
            _inFlight = null;
            _open = false;
            FailWaiting("the journal failed before this write was decided; nothing was changed, retry");

            _owner.Tell(new JournalFailed(cause));
        }
    }

    private void FlushIfIdle()
    {
        if (_inFlight is not null || (_waiting.Count == 0 && !_expiryDue))
        {
            return;
        }

        // One clock reading for the whole batch: a key found due must also be expired by the batch that decides it.
        var now = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        var batch = new WriteBatch(_state, now);
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

        _waiting.Clear();
        if (batch.Events.Count == 0)
        {
            Reply(replies, null, replicate: false);
            return;
        }

        var inFlight = _inFlight = new InFlight(replies, batch.Events, expired, now);
        var first = _sequenceNr + 1;
        _sequenceNr += batch.Events.Count;
        try
        {
            // One transaction: the whole batch lands or none of it does.
            _journal.Append(_persistenceId, first, batch.Events, _writerUuid, this);
        }
        catch (Exception ex) when (ReferenceEquals(_inFlight, inFlight))
        {
            // An event that cannot be serialized: nothing was queued, so the batch is simply refused.
            _log.Error(ex, "{0}: the journal rejected a batch of {1} events", _persistenceId, batch.Events.Count);
            _sequenceNr = first - 1;
            _inFlight = null;
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

    /// <summary>A command decided in the batch in flight, the reply it gets once the batch is durable, and the replica
    /// entries that reply waits for (null: it changed no replicated key).</summary>
    private sealed record Decided(IActorRef Sender, ISlotCommand Command, object Reply, List<ReplicaEntry>? Replicas);

    /// <summary>The batch being journaled: its commands' replies, its events, the replica tombstones of the expiries it
    /// holds, and the clock reading it was decided at (new entries' last access).</summary>
    private sealed record InFlight(List<Decided> Replies, IReadOnlyList<ISlotEvent> Events, List<ReplicaEntry>? ExpiredReplicas, long NowMs);
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
