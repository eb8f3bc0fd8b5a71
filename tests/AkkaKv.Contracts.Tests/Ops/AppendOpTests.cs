using AkkaKv.Ops;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class AppendOpTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Append_creates_a_missing_key_and_replies_its_length_in_bytes()
    {
        Assert.Equal(OpResult.Of(2), _slot.Run(new AppendOp("k", "é", MaxBytes: 100)));

        Assert.Equal(("é", (long?)null), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
    }

    [Fact]
    public void Append_grows_the_value_and_keeps_its_ttl()
    {
        // Redis's example: APPEND mykey "Hello" then " World" gives 11.
        _slot.Seed("k", "Hello", Now + 9000);

        Assert.Equal(OpResult.Of(11), _slot.Run(new AppendOp("k", " World", MaxBytes: 100)));

        var entry = _slot.Find("k")!;
        Assert.Equal(("Hello World", (long?)(Now + 9000), 2L), (entry.Value, entry.ExpiresAtMs, entry.Version));
    }

    [Fact]
    public void Append_up_to_the_size_limit_is_accepted_and_past_it_refused_leaving_the_value()
    {
        _slot.Seed("k", "abc");

        Assert.Equal(OpResult.Of(5), _slot.Run(new AppendOp("k", "de", MaxBytes: 5)));
        // The limit counts bytes: "é" is two.
        var refused = _slot.Run(new AppendOp("k", "é", MaxBytes: 6));

        Assert.Equal(OpResult.Error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), refused);
        Assert.Empty(_slot.Events);
        Assert.Equal("abcde", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Append_to_an_expired_key_starts_from_empty_without_the_old_ttl()
    {
        _slot.Seed("k", "old", Now + 10);

        Assert.Equal(OpResult.Of(3), _slot.Run(new AppendOp("k", "new", MaxBytes: 100), Now + 10));

        var entry = _slot.Find("k", Now + 10)!;
        Assert.Equal(("new", 1L), (entry.Value, entry.Version));
    }
}
