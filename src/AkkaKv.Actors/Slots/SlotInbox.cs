using Akka.Actor;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Slots;

/// <summary>Where front ends on this node send a store-mode slot's messages: its writes go straight into the slot's
/// durable write path (<see cref="DurableWrites"/>) on the sender's thread, everything else (and a write the slot no
/// longer takes) to the slot's actor. Asking it works like asking the actor.</summary>
internal sealed class SlotInbox : MinimalActorRef
{
    private readonly LocalSlot _slot;

    public SlotInbox(LocalSlot slot, IActorRefProvider provider)
    {
        _slot = slot;
        Provider = provider;
        Path = slot.Owner.Path / "inbox";
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef? sender)
    {
        if (message is ISlotCommand command && _slot.TrySubmit(command, sender ?? ActorRefs.Nobody, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))
        {
            return;
        }

        _slot.Owner.Tell(message, sender);
    }
}
