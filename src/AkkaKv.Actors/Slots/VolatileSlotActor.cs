using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The single writer of one slot in cache mode: same decisions as the durable slot, applied at once, no journal.</summary>
public sealed class VolatileSlotActor : ReceiveActor, IWithTimers
{
    private readonly SlotState _state = new();
    private readonly TimeProvider _clock;
    private readonly int _slot;
    private LocalSlot? _published;
    private IActorRef? _handOffTo;

    public VolatileSlotActor(int slot, TimeProvider? clock = null)
    {
        _clock = clock ?? TimeProvider.System;
        _slot = slot;

        Receive<SlotHandOff>(_ => BeginHandOff());
        Receive<StopSlot>(_ => Context.Stop(Self));
        Receive<IWithSlot>(message => _handOffTo is not null, message => _handOffTo!.Forward(message));
        Receive<ISlotWrite>(write =>
        {
            var batch = new WriteBatch(_state, Now);
            var reply = batch.Add(write);
            ApplyAll(batch);
            Sender.Tell(reply);
        });
        Receive<ExpireTick>(_ =>
        {
            var now = Now;
            var batch = new WriteBatch(_state, now);
            foreach (var key in _state.DueForExpiry(now, ExpireTick.MaxKeysPerTick))
            {
                batch.Expire(key);
            }

            ApplyAll(batch);
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

    public static Props PropsFor(int slot, TimeProvider? clock = null) => Props.Create(() => new VolatileSlotActor(slot, clock));

    protected override void PreStart()
    {
        _published = new LocalSlot(_state, Self);
        LocalSlots.For(Context.System).Publish(_slot, _published);
    }

    protected override void PostStop() => LocalSlots.For(Context.System).Withdraw(_slot, _published!);

    /// <summary>A cache slot's data does not move with it (cache semantics); what arrives from now on goes to its next home.</summary>
    private void BeginHandOff()
    {
        LocalSlots.For(Context.System).Withdraw(_slot, _published!);
        _handOffTo ??= SlotHandOff.Region(Context);
        Timers.StartSingleTimer("stop", StopSlot.Instance, SlotHandOff.Grace);
    }

    private void ApplyAll(WriteBatch batch)
    {
        foreach (var change in batch.Events)
        {
            _state.Apply(change);
        }

        ExpireTick.Schedule(Timers, _state);
    }
}
