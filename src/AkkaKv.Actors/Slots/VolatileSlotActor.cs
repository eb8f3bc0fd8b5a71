using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The single writer of one slot in cache mode: same decisions as the durable slot, applied at once, no journal.
/// Front ends on this node usually decide their commands inline under the slot's lock (<see cref="LocalSlot"/>); this
/// actor serves the rest (other nodes, the HTTP API) and expires keys, under the same lock.</summary>
public sealed class VolatileSlotActor : ReceiveActor, IWithTimers
{
    private readonly SlotState _state;
    private readonly TimeProvider _clock;
    private readonly int _slot;
    private readonly LocalSlot _local;
    private readonly IActorRef? _handOffTarget;
    private IActorRef? _handOffTo;

    /// <param name="handOffTarget">Where to send what arrives during a hand-off; the shard region when null (tests pass a probe).</param>
    public VolatileSlotActor(int slot, TimeProvider? clock = null, IActorRef? handOffTarget = null)
    {
        _clock = clock ?? TimeProvider.System;
        _slot = slot;
        _handOffTarget = handOffTarget;
        var node = LocalSlots.For(Context.System);
        _state = new SlotState(node.Memory);
        _local = new LocalSlot(_state, Self, inlineWrites: true, node.Evictor);

        Receive<SlotHandOff>(_ => BeginHandOff());
        Receive<StopSlot>(_ => Context.Stop(Self));
        Receive<IWithSlot>(message => _handOffTo is not null, message => Redirect(message, Sender));
        Receive<ISlotCommand>(command =>
        {
            var reply = _local.RefuseIfNoRoom(command, Now);
            if (reply is null)
            {
                _local.RunExclusive(batch => reply = command.Decide(batch), Now);
            }

            Sender.Tell(reply);
            ExpireTick.Schedule(Timers, _state);
        });
        Receive<ExpireTick>(_ =>
        {
            _local.RunExclusive(
                batch =>
                {
                    foreach (var key in _state.DueForExpiry(batch.NowMs, ExpireTick.MaxKeysPerTick))
                    {
                        batch.Expire(key);
                    }
                },
                Now);
            ExpireTick.Schedule(Timers, _state);
        });
        ReceiveAny(message =>
        {
            if (!SlotQueries.TryAnswer(_state, slot, message, Now, Sender))
            {
                Unhandled(message);
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public static Props PropsFor(int slot, TimeProvider? clock = null, IActorRef? handOffTarget = null) =>
        Props.Create(() => new VolatileSlotActor(slot, clock, handOffTarget));

    protected override void PreStart() => LocalSlots.For(Context.System).Publish(_slot, _local);

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
