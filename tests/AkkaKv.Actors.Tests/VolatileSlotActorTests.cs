using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Tests;

public sealed class VolatileSlotActorTests : Akka.TestKit.Xunit2.TestKit
{
    [Fact]
    public void A_cache_slot_applies_the_same_rules_without_a_journal()
    {
        var slot = Sys.ActorOf(VolatileSlotActor.PropsFor(5));

        slot.Tell(new PutKey(5, "a", "1", ExpectedVersion: 0, null), TestActor);
        Assert.Equal(1, ExpectMsg<WriteOk>().Entry!.Version);
        slot.Tell(new PutKey(5, "a", "2", ExpectedVersion: 0, null), TestActor);
        Assert.Equal(1, ExpectMsg<VersionMismatch>().CurrentVersion);
        slot.Tell(new DeleteKey(5, "missing", null), TestActor);
        ExpectMsg<KeyNotFound>();
        slot.Tell(new GetKey(5, "a"), TestActor);
        Assert.Equal("1", ExpectMsg<GetReply>().Entry!.Value);
    }

    [Fact]
    public void A_cache_slot_expires_keys_in_the_background()
    {
        var slot = Sys.ActorOf(VolatileSlotActor.PropsFor(5));
        var soon = DateTimeOffset.UtcNow.AddMilliseconds(200).ToUnixTimeMilliseconds();
        slot.Tell(new PutKey(5, "t", "v", null, soon), TestActor);
        ExpectMsg<WriteOk>();

        AwaitAssert(
            () =>
            {
                slot.Tell(new PingSlot(5), TestActor);
                Assert.Equal(0, ExpectMsg<SlotReady>().Keys);
            },
            TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(250));
    }
}
