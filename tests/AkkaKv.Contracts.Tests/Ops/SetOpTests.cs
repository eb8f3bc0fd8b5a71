using AkkaKv.Ops;
using AkkaKv.Slots;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class SetOpTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Set_creates_the_key_without_ttl_and_replies_ok()
    {
        Assert.Equal(OpResult.Ok, _slot.Run(new SetOp("k", "v", ExpiryChange.Clear)));

        var entry = _slot.Find("k")!;
        Assert.Equal(("v", 1L, (long?)null), (entry.Value, entry.Version, entry.ExpiresAtMs));
        Assert.IsType<ValueSet>(Assert.Single(_slot.Events));
    }

    [Fact]
    public void Set_replaces_the_value_and_clears_the_ttl()
    {
        _slot.Seed("k", "old", Now + 10_000);

        _slot.Run(new SetOp("k", "new", ExpiryChange.Clear));

        var entry = _slot.Find("k")!;
        Assert.Equal(("new", 2L, (long?)null), (entry.Value, entry.Version, entry.ExpiresAtMs));
    }

    [Fact]
    public void Set_with_keepttl_keeps_the_current_ttl_and_sets_none_on_a_new_key()
    {
        _slot.Seed("k", "old", Now + 10_000);

        _slot.Run(new SetOp("k", "new", ExpiryChange.KeepCurrent));
        _slot.Run(new SetOp("fresh", "v", ExpiryChange.KeepCurrent));

        Assert.Equal(("new", (long?)(Now + 10_000)), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
        Assert.Null(_slot.Find("fresh")!.ExpiresAtMs);
    }

    [Fact]
    public void Set_with_an_expiry_stores_the_absolute_time_and_the_key_is_gone_from_then_on()
    {
        _slot.Run(new SetOp("k", "v", ExpiryChange.At(Now + 1000)));

        Assert.Equal(Now + 1000, _slot.Find("k")!.ExpiresAtMs);
        Assert.NotNull(_slot.Find("k", Now + 999));
        Assert.Null(_slot.Find("k", Now + 1000));
    }

    [Fact]
    public void Set_with_an_expiry_already_past_replies_ok_and_leaves_no_key()
    {
        // Redis: SET … PXAT in the past succeeds and the key is expired at once.
        Assert.Equal(OpResult.Ok, _slot.Run(new SetOp("k", "v", ExpiryChange.At(Now - 1))));

        Assert.Null(_slot.Find("k"));
    }

    [Fact]
    public void Set_nx_sets_only_an_absent_key()
    {
        Assert.Equal(OpResult.Ok, _slot.Run(new SetOp("k", "first", ExpiryChange.Clear, SetCondition.IfAbsent)));
        Assert.Equal(OpResult.Nil, _slot.Run(new SetOp("k", "second", ExpiryChange.Clear, SetCondition.IfAbsent)));

        Assert.Empty(_slot.Events);
        Assert.Equal(("first", 1L), (_slot.Find("k")!.Value, _slot.Find("k")!.Version));
    }

    [Fact]
    public void Set_nx_treats_an_expired_key_as_absent()
    {
        _slot.Seed("k", "old", Now + 10);

        Assert.Equal(OpResult.Ok, _slot.Run(new SetOp("k", "new", ExpiryChange.Clear, SetCondition.IfAbsent), Now + 10));

        // A key re-created after its expiry starts again at version 1.
        Assert.Equal(("new", 1L), (_slot.Find("k", Now + 10)!.Value, _slot.Find("k", Now + 10)!.Version));
    }

    [Fact]
    public void Set_xx_sets_only_an_existing_key()
    {
        Assert.Equal(OpResult.Nil, _slot.Run(new SetOp("k", "v", ExpiryChange.Clear, SetCondition.IfPresent)));
        Assert.Empty(_slot.Events);
        Assert.Null(_slot.Find("k"));

        _slot.Seed("k", "old");
        Assert.Equal(OpResult.Ok, _slot.Run(new SetOp("k", "new", ExpiryChange.Clear, SetCondition.IfPresent)));
        Assert.Equal("new", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Set_get_replies_the_old_value_or_nil_and_sets()
    {
        Assert.Equal(OpResult.Nil, _slot.Run(new SetOp("k", "1", ExpiryChange.Clear, ReturnOld: true)));
        Assert.Equal(OpResult.Value("1"), _slot.Run(new SetOp("k", "2", ExpiryChange.Clear, ReturnOld: true)));

        Assert.Equal("2", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Set_nx_get_replies_the_existing_value_without_setting()
    {
        // Redis 7: with NX and GET the reply is the old value whether or not the condition held.
        _slot.Seed("k", "old");

        Assert.Equal(OpResult.Value("old"), _slot.Run(new SetOp("k", "new", ExpiryChange.Clear, SetCondition.IfAbsent, ReturnOld: true)));

        Assert.Empty(_slot.Events);
        Assert.Equal("old", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Set_xx_get_on_a_missing_key_replies_nil_and_creates_nothing()
    {
        Assert.Equal(OpResult.Nil, _slot.Run(new SetOp("k", "v", ExpiryChange.Clear, SetCondition.IfPresent, ReturnOld: true)));

        Assert.Empty(_slot.Events);
        Assert.Null(_slot.Find("k"));
    }

    [Fact]
    public void Msetnx_sets_every_pair_when_no_key_exists()
    {
        var op = new MSetNxOp([new("a", "1"), new("b", "2")]);

        Assert.Equal(OpResult.One, _slot.Run(op));

        Assert.Equal(("1", "2"), (_slot.Find("a")!.Value, _slot.Find("b")!.Value));
        Assert.Null(_slot.Find("a")!.ExpiresAtMs);
        Assert.Equal(["b"], op.OtherKeys);
    }

    [Fact]
    public void Msetnx_sets_nothing_when_any_key_exists()
    {
        _slot.Seed("b", "old");

        Assert.Equal(OpResult.Zero, _slot.Run(new MSetNxOp([new("a", "1"), new("b", "2"), new("c", "3")])));

        Assert.Empty(_slot.Events);
        Assert.Null(_slot.Find("a"));
        Assert.Equal("old", _slot.Find("b")!.Value);
    }

    [Fact]
    public void Msetnx_with_a_repeated_key_keeps_the_last_value()
    {
        Assert.Equal(OpResult.One, _slot.Run(new MSetNxOp([new("a", "1"), new("a", "2")])));

        Assert.Equal("2", _slot.Find("a")!.Value);
    }
}
