using Akka.Actor;
using Akka.Event;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Slots;

/// <summary>Answers slot commands that sharding lost while their slot moved, so their senders learn at once that the
/// command was not applied instead of waiting out the request timeout. Akka's shard region drops what it buffered for a
/// shard between BeginHandOff and HandOff ("to avoid re-ordering"), a shard handing off ignores new messages, and
/// whatever reaches a stopped slot or region becomes a dead letter: commands forwarded by another node's region just
/// before it learned of the hand-off end up in one of these (measured in the rolling-deploy drill: 3 s waits at every
/// step). None of them reached a slot, so <see cref="SlotMoved"/> (retry) is the truth; the sender decides whether to
/// retry, which keeps the order of one connection's commands its own business.</summary>
public sealed class LostCommandReplier : ReceiveActor
{
    private const string ShardingPath = "/system/sharding/";

    public LostCommandReplier()
    {
        Receive<AllDeadLetters>(lost =>
        {
            if (IsLostSlotCommand(lost, out var slot))
            {
                (lost.Message as AllDeadLetters ?? lost).Sender.Tell(new SlotMoved(slot), ActorRefs.NoSender);
            }
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new LostCommandReplier());

    /// <summary>A slot command someone waits for, lost on its way: dropped or dead-lettered anywhere, or unhandled by a
    /// shard (which ignores everything while it hands off). An unhandled message elsewhere is a bug, not a move, and
    /// is left to the log. What an actor drops reaches the event stream wrapped once more, in a dead letter from that
    /// actor; the original sender is inside.</summary>
    public static bool IsLostSlotCommand(AllDeadLetters lost, out int slot)
    {
        var original = lost.Message as AllDeadLetters ?? lost;
        slot = -1;
        if (original.Message is not IWithSlot command || original.Sender is null || original.Sender.IsNobody())
        {
            return false;
        }

        if (original is UnhandledMessage && original.Recipient?.Path.ToStringWithoutAddress().StartsWith(ShardingPath, StringComparison.Ordinal) != true)
        {
            return false;
        }

        slot = command.Slot;
        return true;
    }

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AllDeadLetters));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}
