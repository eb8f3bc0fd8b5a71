using AkkaKv.Ops;
using AkkaKv.Slots;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class KeyOpTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Delete_replies_1_for_an_existing_key_and_0_with_no_event_for_a_missing_or_expired_one()
    {
        _slot.Seed("k", "v");
        _slot.Seed("t", "v", Now + 10);

        Assert.Equal(OpResult.One, _slot.Run(new DeleteOp("k")));
        Assert.IsType<KeyDeleted>(Assert.Single(_slot.Events));
        Assert.Null(_slot.Find("k"));

        Assert.Equal(OpResult.Zero, _slot.Run(new DeleteOp("k")));
        Assert.Equal(OpResult.Zero, _slot.Run(new DeleteOp("t"), Now + 10));
        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Getdel_replies_the_value_and_removes_the_key()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetDeleteOp("k")));

        Assert.Null(_slot.Find("k"));
        Assert.Equal(OpResult.Nil, _slot.Run(new GetDeleteOp("k")));
        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Getex_without_options_only_reads()
    {
        _slot.Seed("k", "v", Now + 5000);

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", null)));
        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", ExpiryChange.KeepCurrent)));

        Assert.Empty(_slot.Events);
        Assert.Equal(Now + 5000, _slot.Find("k")!.ExpiresAtMs);
    }

    [Fact]
    public void Getex_with_an_expiry_sets_it_and_keeps_the_value()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", ExpiryChange.At(Now + 3000))));

        Assert.Equal(("v", (long?)(Now + 3000)), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
    }

    [Fact]
    public void Getex_persist_removes_the_ttl_and_writes_nothing_when_there_is_none()
    {
        _slot.Seed("k", "v", Now + 5000);

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", ExpiryChange.Clear)));
        Assert.Null(_slot.Find("k")!.ExpiresAtMs);

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", ExpiryChange.Clear)));
        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Getex_with_a_time_already_past_replies_the_value_and_the_key_is_gone()
    {
        _slot.Seed("k", "v");

        Assert.Equal(OpResult.Value("v"), _slot.Run(new GetExpireOp("k", ExpiryChange.At(Now))));

        Assert.Null(_slot.Find("k"));
    }

    [Fact]
    public void Getex_on_a_missing_key_replies_nil_and_writes_nothing()
    {
        Assert.Equal(OpResult.Nil, _slot.Run(new GetExpireOp("k", ExpiryChange.At(Now + 1000))));

        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Rename_moves_the_value_and_its_ttl_and_replaces_the_destination()
    {
        _slot.Seed("src", "v", Now + 7000);
        _slot.Seed("dst", "old");

        Assert.Equal(OpResult.Ok, _slot.Run(new RenameOp("src", "dst", OnlyIfAbsent: false)));

        Assert.Null(_slot.Find("src"));
        var moved = _slot.Find("dst")!;
        Assert.Equal(("v", (long?)(Now + 7000), 2L), (moved.Value, moved.ExpiresAtMs, moved.Version));
    }

    [Fact]
    public void Rename_of_a_key_without_ttl_leaves_the_destination_without_one()
    {
        _slot.Seed("src", "v");
        _slot.Seed("dst", "old", Now + 7000);

        _slot.Run(new RenameOp("src", "dst", OnlyIfAbsent: false));

        Assert.Null(_slot.Find("dst")!.ExpiresAtMs);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rename_of_a_missing_key_is_refused_with_no_such_key(bool onlyIfAbsent)
    {
        _slot.Seed("dst", "v");

        var result = _slot.Run(new RenameOp("src", "dst", onlyIfAbsent));

        Assert.Equal(OpResult.Error("ERR no such key"), result);
        Assert.Empty(_slot.Events);
        Assert.Equal("v", _slot.Find("dst")!.Value);
    }

    [Fact]
    public void Renamenx_replies_0_and_changes_nothing_when_the_destination_exists()
    {
        _slot.Seed("src", "a");
        _slot.Seed("dst", "b");

        Assert.Equal(OpResult.Zero, _slot.Run(new RenameOp("src", "dst", OnlyIfAbsent: true)));

        Assert.Empty(_slot.Events);
        Assert.Equal(("a", "b"), (_slot.Find("src")!.Value, _slot.Find("dst")!.Value));
    }

    [Fact]
    public void Renamenx_replies_1_when_the_destination_is_free()
    {
        _slot.Seed("src", "a");

        Assert.Equal(OpResult.One, _slot.Run(new RenameOp("src", "dst", OnlyIfAbsent: true)));

        Assert.Null(_slot.Find("src"));
        Assert.Equal("a", _slot.Find("dst")!.Value);
    }

    [Fact]
    public void Rename_onto_itself_changes_nothing_as_in_redis()
    {
        // Redis: RENAME k k replies OK, RENAMENX k k replies 0 (the destination exists); a missing k is still an error.
        _slot.Seed("k", "v", Now + 7000);

        Assert.Equal(OpResult.Ok, _slot.Run(new RenameOp("k", "k", OnlyIfAbsent: false)));
        Assert.Empty(_slot.Events);
        Assert.Equal(OpResult.Zero, _slot.Run(new RenameOp("k", "k", OnlyIfAbsent: true)));
        Assert.Empty(_slot.Events);
        Assert.Equal(("v", 1L, (long?)(Now + 7000)), (_slot.Find("k")!.Value, _slot.Find("k")!.Version, _slot.Find("k")!.ExpiresAtMs));

        Assert.Equal(OpResultKind.Error, _slot.Run(new RenameOp("missing", "missing", OnlyIfAbsent: false)).Kind);
    }

    [Fact]
    public void Rename_names_its_destination_as_another_key_it_touches()
    {
        Assert.Equal(["dst"], new RenameOp("src", "dst", OnlyIfAbsent: false).OtherKeys);
    }
}
