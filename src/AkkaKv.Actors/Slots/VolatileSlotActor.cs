using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using AkkaKv.Actors.Replication;
using AkkaKv.Messages;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The single writer of one slot in cache mode: same decisions as the durable slot, applied at once, no journal.
/// Front ends on this node usually decide their commands inline under the slot's lock (<see cref="LocalSlot"/>); this
/// actor serves the rest (other nodes, the HTTP API) and expires keys, under the same lock.
/// <para>With replication on, a new incarnation first takes its replicated keys back from the replica (a majority
/// read; nothing was journaled) and holds commands until it has them; writes of replicated keys are never inline, so
/// they all pass here and are acknowledged once their replicas are written.</para></summary>
public sealed class VolatileSlotActor : ReceiveActor, IWithTimers, IWithStash
{
    private readonly SlotState _state;
    private readonly TimeProvider _clock;
    private readonly int _slot;
    private readonly LocalSlot _local;
    private readonly IActorRef? _handOffTarget;
    private readonly SlotReplicas _replicas;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IActorRef? _handOffTo;

    /// <param name="handOffTarget">Where to send what arrives during a hand-off; the shard region when null (tests pass a probe).</param>
    public VolatileSlotActor(int slot, TimeProvider? clock = null, IActorRef? handOffTarget = null)
    {
        _clock = clock ?? TimeProvider.System;
        _slot = slot;
        _handOffTarget = handOffTarget;
        var node = LocalSlots.For(Context.System);
        _state = new SlotState(node.Memory);
        _replicas = new SlotReplicas(slot, NodeReplication.For(Context.System));
        _local = new LocalSlot(_state, Self, inlineWrites: true, node.Evictor, _replicas.Node.Keyspaces);
        if (_replicas.Enabled)
        {
            Become(Reconciling);
        }
        else
        {
            Serving();
        }
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public IStash Stash { get; set; } = null!;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static Props PropsFor(int slot, TimeProvider? clock = null, IActorRef? handOffTarget = null) =>
        Props.Create(() => new VolatileSlotActor(slot, clock, handOffTarget));

    protected override void PreStart()
    {
        if (_replicas.Enabled)
        {
            // A majority read: a key acknowledged at majority is in at least one of the replicas it reaches.
            var majority = _replicas.Node.ToReadConsistency(ReadConsistency.Majority);
            _replicas.Node.Replicator.Tell(Dsl.Get(ReplicaMapKey.ForBucket(_replicas.Bucket), majority));
            return;
        }

        LocalSlots.For(Context.System).Publish(_slot, _local);
    }

    /// <summary>Waiting for the replica: everything but a hand-off waits too.</summary>
    private void Reconciling()
    {
        Receive<GetSuccess>(got => Reconciled(got.Get(ReplicaMapKey.ForBucket(_replicas.Bucket))));
        Receive<NotFound>(_ => Reconciled(ReplicaMap.Empty));
        Receive<GetFailure>(_ =>
        {
            // Not enough replicas answered in time: take what this node's replica has rather than start empty.
            _log.Warning("slot {0}: a majority of replicas did not answer; reconciling with this node's replica", _slot);
            _replicas.Node.Replicator.Tell(Dsl.Get(ReplicaMapKey.ForBucket(_replicas.Bucket), ReadLocal.Instance));
        });
        Receive<SlotHandOff>(_ => Context.Stop(Self));
        ReceiveAny(_ => Stash.Stash());
    }

    private void Reconciled(ReplicaMap replica)
    {
        var now = Now;
        var mine = replica.Entries.Values.Where(e => _replicas.Node.Hasher.SlotOf(e.Key) == _slot);
        var adopted = 0;
        _local.RunExclusive(_ => adopted = SlotReconciliation.Adopt(_state, mine, now), now);
        if (adopted > 0)
        {
            _log.Info("slot {0}: took {1} replicated keys back from the replica", _slot, adopted);
        }

        LocalSlots.For(Context.System).Publish(_slot, _local);
        ExpireTick.Schedule(Timers, _state);
        Become(Serving);
        Stash.UnstashAll();
    }

    private void Serving()
    {
        Receive<SlotHandOff>(_ => BeginHandOff());
        Receive<StopSlot>(_ => Context.Stop(Self));
        Receive<IWithSlot>(message => _handOffTo is not null, message => Redirect(message, Sender));
        Receive<ISlotCommand>(command =>
        {
            var reply = _local.RefuseIfNoRoom(command, Now);
            if (reply is null && _replicas.Node.RefuseOverBudget(command) is { } full)
            {
                reply = command.Failed(full);
            }

            List<ReplicaEntry>? replicas = null;
            if (reply is null)
            {
                _local.RunExclusive(
                    batch =>
                    {
                        reply = command.Decide(batch);
                        replicas = _replicas.Collect(batch.Events, 0, batch.Events.Count, _state, batch.NowMs);
                    },
                    Now);
            }

            if (replicas is null)
            {
                Sender.Tell(reply);
            }
            else
            {
                _replicas.Publish([(Sender, command, reply!, replicas)], null);
            }

            ExpireTick.Schedule(Timers, _state);
        });
        Receive<ExpireTick>(_ =>
        {
            List<ReplicaEntry>? expired = null;
            _local.RunExclusive(
                batch =>
                {
                    foreach (var key in _state.DueForExpiry(batch.NowMs, ExpireTick.MaxKeysPerTick))
                    {
                        batch.Expire(key);
                    }

                    expired = _replicas.Collect(batch.Events, 0, batch.Events.Count, _state, batch.NowMs);
                },
                Now);
            _replicas.Publish([], expired);
            ExpireTick.Schedule(Timers, _state);
        });
        ReceiveAny(message =>
        {
            if (!SlotQueries.TryAnswer(_state, _slot, message, Now, Sender))
            {
                Unhandled(message);
            }
        });
    }

    /// <summary>A cache slot's keys leave with it (they do not move on a hand-off): out of the node's accounting too.</summary>
    protected override void PostStop()
    {
        LocalSlots.For(Context.System).Withdraw(_slot, _local);
        _local.RunExclusive(_ => _state.Release(), Now);
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

    /// <summary>A cache slot's data does not move with it (cache semantics); what arrives from now on goes to its next home.</summary>
    private void BeginHandOff()
    {
        LocalSlots.For(Context.System).Withdraw(_slot, _local);
        _handOffTo ??= _handOffTarget ?? SlotHandOff.Region(Context);
        Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
    }
}
