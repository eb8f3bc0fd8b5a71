using Akka.Actor;
using Akka.Event;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Tests;

public sealed class LostCommandReplierTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_command_a_region_drops_is_answered_slot_moved_to_its_original_sender()
    {
        Sys.ActorOf(LostCommandReplier.Props());
        var region = Sys.ActorOf(Props.Create(() => new DroppingRegion()));
        // Wait until the replier has subscribed: a dropped PingSlot is answered once it has.
        AwaitAssert(() =>
        {
            region.Tell(new PingSlot(1), TestActor);
            ExpectMsg<SlotMoved>(TimeSpan.FromMilliseconds(200));
        });

        region.Tell(new PutKey(42, "k", "v", null, null), TestActor);

        Assert.Equal(42, ExpectMsg<SlotMoved>().Slot);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_command_sent_to_a_stopped_slot_is_answered_slot_moved()
    {
        Sys.ActorOf(LostCommandReplier.Props());
        var stopped = Sys.ActorOf(Props.Empty);
        Watch(stopped);
        Sys.Stop(stopped);
        ExpectTerminated(stopped);

        AwaitAssert(() =>
        {
            stopped.Tell(new GetKey(7, "k"), TestActor);
            Assert.Equal(7, ExpectMsg<SlotMoved>(TimeSpan.FromMilliseconds(200)).Slot);
        });
    }

    [Fact]
    public void What_is_not_a_waited_for_slot_command_or_is_unhandled_outside_sharding_gets_no_answer()
    {
        var other = CreateTestProbe();
        var shard = ActorOfAsTestActorRef<BlackHole>(Props.Create(() => new BlackHole()), "not-a-shard");

        Assert.False(LostCommandReplier.IsLostSlotCommand(new DeadLetter("not a command", TestActor, other.Ref), out _));
        // Sent without a sender (the keyspace coordinator's pings): nobody to answer; what Akka records as dead letters.
        Assert.False(LostCommandReplier.IsLostSlotCommand(new DeadLetter(new Dropped(new GetKey(1, "k"), "r", ActorRefs.NoSender, other.Ref), TestActor, other.Ref), out _));
        Assert.False(LostCommandReplier.IsLostSlotCommand(new DeadLetter(new GetKey(1, "k"), Sys.DeadLetters, other.Ref), out _));
        // A slot actor that does not handle a command has a bug; saying "moved, retry" would hide it.
        Assert.False(LostCommandReplier.IsLostSlotCommand(new UnhandledMessage(new GetKey(1, "k"), TestActor, shard), out _));

        Assert.True(LostCommandReplier.IsLostSlotCommand(new DeadLetter(new GetKey(3, "k"), TestActor, other.Ref), out var slot));
        Assert.Equal(3, slot);
    }

    [Fact]
    public void A_command_a_shard_ignores_while_handing_off_is_lost()
    {
        var shard = Sys.ActorOf(Props.Create(() => new BlackHole()), "sharding-stand-in");
        var underSharding = new UnhandledMessage(new GetKey(9, "k"), TestActor, new ShardPathRef(shard.Path.Root / "system" / "sharding" / "kv" / "9" / "9"));

        Assert.True(LostCommandReplier.IsLostSlotCommand(underSharding, out var slot));
        Assert.Equal(9, slot);
    }

    /// <summary>Drops every message as a shard region does at a hand-off: a Dropped to dead letters, sent from itself.</summary>
    private sealed class DroppingRegion : ReceiveActor
    {
        public DroppingRegion() =>
            ReceiveAny(message => Context.System.DeadLetters.Tell(new Dropped(message, "hand-off", Sender, ActorRefs.NoSender)));
    }

    private sealed class BlackHole : ReceiveActor
    {
    }

    /// <summary>A ref with a path under /system/sharding, as a shard's has.</summary>
    private sealed class ShardPathRef(ActorPath path) : MinimalActorRef
    {
        public override ActorPath Path { get; } = path;

        public override IActorRefProvider Provider => throw new NotSupportedException();
    }
}
