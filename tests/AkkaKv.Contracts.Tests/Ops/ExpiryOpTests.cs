using AkkaKv.Ops;
using AkkaKv.Slots;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class ExpiryOpTests
{
    private const long Ttl = Now + 10_000;

    private readonly TestSlot _slot = new();

    [Fact]
    public void Expire_sets_the_absolute_expiry_keeping_the_value()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.One, _slot.Run(new ExpireOp("k", Ttl)));

        Assert.Equal(("v", (long?)Ttl), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
        Assert.Null(_slot.Find("k", Ttl));
    }

    [Fact]
    public void Expire_on_a_missing_key_replies_0_and_writes_nothing()
    {
        Assert.Equal(OpResult.Zero, _slot.Run(new ExpireOp("k", Ttl)));

        Assert.Empty(_slot.Events);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-1_000_000)]
    public void Expire_at_a_time_already_reached_deletes_the_key_and_replies_1(long fromNow)
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.One, _slot.Run(new ExpireOp("k", Now + fromNow)));

        Assert.IsType<KeyDeleted>(Assert.Single(_slot.Events));
        Assert.Null(_slot.State.FindStored("k"));
    }

    // Redis's expireGenericCommand: NX needs no TTL, XX needs one, GT needs a later time (no TTL is infinite, so GT
    // fails on it), LT needs an earlier one (no TTL is infinite, so LT passes on it); XX combines with GT or LT.
    [Theory]
    [InlineData(ExpireCondition.IfNone, null, Ttl, 1)]
    [InlineData(ExpireCondition.IfNone, Ttl, Ttl + 1, 0)]
    [InlineData(ExpireCondition.IfAny, null, Ttl, 0)]
    [InlineData(ExpireCondition.IfAny, Ttl, Ttl + 1, 1)]
    [InlineData(ExpireCondition.IfLater, null, Ttl, 0)]
    [InlineData(ExpireCondition.IfLater, Ttl, Ttl + 1, 1)]
    [InlineData(ExpireCondition.IfLater, Ttl, Ttl, 0)]
    [InlineData(ExpireCondition.IfLater, Ttl, Ttl - 1, 0)]
    [InlineData(ExpireCondition.IfEarlier, null, Ttl, 1)]
    [InlineData(ExpireCondition.IfEarlier, Ttl, Ttl - 1, 1)]
    [InlineData(ExpireCondition.IfEarlier, Ttl, Ttl, 0)]
    [InlineData(ExpireCondition.IfEarlier, Ttl, Ttl + 1, 0)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfLater, null, Ttl, 0)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfLater, Ttl, Ttl + 1, 1)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfLater, Ttl, Ttl - 1, 0)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfEarlier, null, Ttl, 0)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfEarlier, Ttl, Ttl - 1, 1)]
    [InlineData(ExpireCondition.IfAny | ExpireCondition.IfEarlier, Ttl, Ttl + 1, 0)]
    public void Expire_conditions_follow_redis(ExpireCondition condition, long? current, long at, long expected)
    {
        _slot.Seed("k", "v", current);

        Assert.Equal(OpResult.Of(expected), _slot.Run(new ExpireOp("k", at, condition)));

        Assert.Equal(expected == 1 ? at : current, _slot.Find("k")!.ExpiresAtMs);
        Assert.Equal(expected == 1 ? 1 : 0, _slot.Events.Count);
    }

    [Fact]
    public void A_failed_condition_keeps_the_key_even_when_the_time_is_past()
    {
        // The condition is checked first: EXPIRE k -1 NX on a key with a TTL replies 0 and deletes nothing.
        _slot.Seed("k", "v", Ttl);

        Assert.Equal(OpResult.Zero, _slot.Run(new ExpireOp("k", Now - 1, ExpireCondition.IfNone)));
        Assert.Equal(OpResult.Zero, _slot.Run(new ExpireOp("k", Now - 1, ExpireCondition.IfLater)));

        Assert.NotNull(_slot.Find("k"));
    }

    [Fact]
    public void Lt_on_a_key_without_ttl_may_delete_it_with_a_past_time()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.One, _slot.Run(new ExpireOp("k", Now - 1, ExpireCondition.IfEarlier)));

        Assert.Null(_slot.Find("k"));
    }

    [Fact]
    public void Persist_removes_the_ttl_keeping_the_value()
    {
        _slot.Seed("k", "v", Ttl);

        Assert.Equal(OpResult.One, _slot.Run(new PersistOp("k")));

        Assert.Equal(("v", (long?)null), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
        Assert.NotNull(_slot.Find("k", Ttl + 1));
    }

    [Fact]
    public void Persist_replies_0_and_writes_nothing_without_a_ttl_or_a_key()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.Zero, _slot.Run(new PersistOp("k")));
        Assert.Empty(_slot.Events);
        Assert.Equal(OpResult.Zero, _slot.Run(new PersistOp("missing")));
        Assert.Empty(_slot.Events);
    }
}
