using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>A slot whose single writer runs on this node: its committed state and the actor that owns it.
/// A cache-mode slot (nothing to journal) also lets callers decide commands on their own thread under the slot's lock
/// (<see cref="TryRunInline"/>): the lock is the single writer then, the actor takes it too, and a front end's write
/// costs no message and no thread hop. A store-mode slot must journal first, so its writes always go to the actor; so
/// do writes of replicated keys (their acknowledgement waits for the replicas), which are also never evicted (they
/// have a budget of their own, and an eviction would have to reach every replica).</summary>
public sealed class LocalSlot
{
    private readonly Lock _gate = new();
    private readonly WriteBatch? _batch;
    private readonly Evictor? _evictor;
    private readonly ReplicatedKeyspaces _replicated;
    private readonly DurableWrites? _writes;
    private bool _closed;

    /// <param name="evictor">The node's evictor, which inline writes consult before they take the lock; none in tests
    /// that run a slot alone.</param>
    /// <param name="replicated">Keys whose writes must go through the owner (none when replication is off).</param>
    public LocalSlot(SlotState state, IActorRef owner, bool inlineWrites, Evictor? evictor = null, ReplicatedKeyspaces? replicated = null)
    {
        State = state;
        Owner = owner;
        Inbox = owner;
        _batch = inlineWrites ? new WriteBatch(state, 0) : null;
        _evictor = evictor;
        _replicated = replicated ?? ReplicatedKeyspaces.None;
    }

    /// <summary>A store-mode slot whose writes go to <paramref name="writes"/>.</summary>
    internal LocalSlot(SlotState state, IActorRef owner, DurableWrites writes, Evictor evictor, IActorRefProvider provider)
        : this(state, owner, inlineWrites: false, evictor)
    {
        _writes = writes;
        Inbox = new SlotInbox(this, provider);
    }

    public SlotState State { get; }

    public IActorRef Owner { get; }

    /// <summary>Where front ends send this slot's messages: the owner, or in store mode a ref that hands writes to
    /// <see cref="DurableWrites"/> on the sender's thread.</summary>
    public IActorRef Inbox { get; }

    public bool AcceptsInlineWrites => _batch is not null;

    /// <summary>Decides and applies <paramref name="command"/> at once; false when this slot takes no inline writes or
    /// has been withdrawn (send the command to the region then).</summary>
    public bool TryRunInline(ISlotCommand command, long nowMs, out object? reply)
    {
        reply = null;
        if (_batch is null || _replicated.TouchesAny(command))
        {
            return false;
        }

        if (RefuseIfNoRoom(command, nowMs) is { } refused)
        {
            reply = refused;
            return true;
        }

        bool armExpiry;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var hadExpiries = Begin(nowMs);
            reply = command.Decide(_batch);
            armExpiry = Commit(hadExpiries);
        }

        ArmExpiry(armExpiry);
        return true;
    }

    /// <summary>A plain SET (no condition, no expiry: any TTL is cleared), decided and stored at once with no op, batch
    /// or event: the hottest write. Decides exactly as <see cref="SetOp"/> with <see cref="ExpiryChange.Clear"/> does.
    /// False also when the node is over budget and nothing can be evicted: the slot's actor then refuses it.
    /// <para>The key and value come as UTF-8 bytes (valid UTF-8, as the Redis protocol checks): the entry is made from
    /// them as they came, with no string in between.</para></summary>
    public bool TrySetInline(ReadOnlySpan<byte> utf8Key, ReadOnlySpan<byte> utf8Value, long nowMs)
    {
        if (_batch is null || (!_replicated.IsEmpty && _replicated.Contains(utf8Key))
            || (_evictor is not null && !_evictor.MakeRoom(nowMs)))
        {
            return false;
        }

        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            var version = (State.Peek(utf8Key, nowMs)?.Version ?? 0) + 1;
            State.Put(new KvEntry(utf8Key, utf8Value, version, State.Revision + 1, ExpiresAtMs: null), nowMs);
        }

        return true;
    }

    /// <summary>Hands a store-mode write to the durable write path, refusing it first when the node is over budget (a store
    /// evicts nothing: an eviction would have to be journaled); false when this slot takes no such writes (any more).</summary>
    internal bool TrySubmit(ISlotCommand command, IActorRef sender, long nowMs)
    {
        if (_writes is null)
        {
            return false;
        }

        if (RefuseIfNoRoom(command, nowMs) is { } refused)
        {
            sender.Tell(refused);
            return true;
        }

        return _writes.TrySubmit(command, sender);
    }

    /// <summary>Reads ahead what <see cref="TryEvict"/> of this sample will read: this slot, its lock, its state, the
    /// sample's cell, its entry and the start of the entry's array (<see cref="SlotState.EntryAt"/>). No lock; the
    /// answer means nothing.</summary>
    internal int Warm(SampledEntry sample) =>
        (_gate.IsHeldByCurrentThread ? 1 : 0) + (State.EntryAt(sample.Hash)?.KeyUtf8.Length ?? 0);

    /// <summary>Evicts an entry the evictor sampled, if it is still stored and the slot still serves here.</summary>
    internal bool TryEvict(SampledEntry sample)
    {
        // A store-mode slot never evicts: its state must stay what the journal holds.
        if (_batch is null || (!_replicated.IsEmpty && _replicated.Contains(sample.Entry.KeyUtf8)))
        {
            return false;
        }

        lock (_gate)
        {
            return !_closed && State.Evict(sample);
        }
    }

    /// <summary>Refuses a command that needs room the node does not have (after trying to evict); null when it may run.</summary>
    internal object? RefuseIfNoRoom(ISlotCommand command, long nowMs) =>
        command.MayGrow && _evictor is not null && !_evictor.MakeRoom(nowMs) ? command.Failed(Evictor.OutOfMemory) : null;

    /// <summary>Runs <paramref name="decide"/> under the slot's lock (the owner's own writes: expiry, commands sent to it).</summary>
    internal void RunExclusive(Action<WriteBatch> decide, long nowMs)
    {
        lock (_gate)
        {
            var hadExpiries = Begin(nowMs);
            decide(_batch!);
            Commit(hadExpiries);
        }
    }

    private bool Begin(long nowMs)
    {
        _batch!.Reset(nowMs);
        return State.HasPendingExpiries;
    }

    /// <summary>Applies the batch; true when the slot now has keys to expire and had none before.</summary>
    private bool Commit(bool hadExpiries)
    {
        _batch!.ApplyTo(State);
        return !hadExpiries && State.HasPendingExpiries;
    }

    /// <summary>The owner runs the expiry timer; it learns here that there is something to expire.</summary>
    private void ArmExpiry(bool needed)
    {
        if (needed)
        {
            Owner.Tell(ExpireTick.Instance);
        }
    }

    internal void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }
}
