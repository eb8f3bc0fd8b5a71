using System.Text;
using AkkaKv.Ops;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class SetRangeOpTests
{
    private const int Limit = 64;

    private readonly TestSlot _slot = new();

    private OpResult SetRange(long offset, string patch, int maxBytes = Limit) =>
        _slot.Run(new SetRangeOp("k", offset, Encoding.UTF8.GetBytes(patch), maxBytes));

    [Fact]
    public void Setrange_overwrites_bytes_from_the_offset_and_replies_the_length()
    {
        // Redis's example.
        _slot.Seed("k", "Hello World");

        Assert.Equal(OpResult.Of(11), SetRange(6, "Redis"));

        Assert.Equal("Hello Redis", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Setrange_on_a_missing_key_pads_with_zero_bytes()
    {
        // Redis's example: SETRANGE key2 6 "Redis" gives "\x00\x00\x00\x00\x00\x00Redis".
        Assert.Equal(OpResult.Of(11), SetRange(6, "Redis"));

        Assert.Equal("\0\0\0\0\0\0Redis", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Setrange_past_the_end_pads_the_gap_with_zero_bytes_and_keeps_the_ttl()
    {
        _slot.Seed("k", "ab", Now + 4000);

        Assert.Equal(OpResult.Of(6), SetRange(4, "yz"));

        Assert.Equal(("ab\0\0yz", (long?)(Now + 4000)), (_slot.Find("k")!.Value, _slot.Find("k")!.ExpiresAtMs));
    }

    [Fact]
    public void Setrange_inside_the_value_keeps_the_rest()
    {
        _slot.Seed("k", "abcdef");

        Assert.Equal(OpResult.Of(6), SetRange(1, "XY"));

        Assert.Equal("aXYdef", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Setrange_with_an_empty_patch_replies_the_length_and_writes_nothing()
    {
        // Redis: an empty value changes nothing, and on a missing key does not create it.
        Assert.Equal(OpResult.Zero, SetRange(5, ""));
        Assert.Empty(_slot.Events);
        Assert.Null(_slot.Find("k"));

        _slot.Seed("k", "héllo");
        Assert.Equal(OpResult.Of(6), SetRange(100, ""));
        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Setrange_with_a_negative_offset_is_out_of_range()
    {
        _slot.Seed("k", "abc");

        Assert.Equal(OpResult.Error("ERR offset is out of range"), SetRange(-1, "x"));

        Assert.Empty(_slot.Events);
    }

    [Fact]
    public void Setrange_up_to_the_size_limit_is_accepted_and_past_it_refused()
    {
        Assert.Equal(OpResult.Of(Limit), SetRange(Limit - 1, "x"));
        Assert.Equal(OpResult.Error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"), SetRange(Limit, "x"));
        Assert.Empty(_slot.Events);
    }

    [Theory]
    // The offset is any 64-bit integer: one so large that offset + length overflows must be refused, not crash the slot.
    [InlineData(long.MaxValue)]
    [InlineData(long.MaxValue - 1)]
    [InlineData(int.MaxValue)]
    [InlineData(1L << 40)]
    public void Setrange_at_a_huge_offset_is_refused_as_too_large(long offset)
    {
        _slot.Seed("k", "abc");

        var result = SetRange(offset, "xy");

        Assert.Equal(OpResultKind.Error, result.Kind);
        Assert.StartsWith("ERR string exceeds maximum allowed size", result.Text, StringComparison.Ordinal);
        Assert.Empty(_slot.Events);
        Assert.Equal("abc", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Setrange_that_would_cut_a_character_is_refused_since_values_are_text()
    {
        _slot.Seed("k", "é");

        // Overwriting the second byte of "é" (C3 A9) with 'x' leaves C3 78: not UTF-8.
        var result = SetRange(1, "x");

        Assert.Equal(OpResult.Error(OpErrors.NotUtf8), result);
        Assert.Empty(_slot.Events);
        Assert.Equal("é", _slot.Find("k")!.Value);
    }

    [Fact]
    public void Setrange_may_write_a_character_byte_by_byte_when_the_result_is_utf8()
    {
        _slot.Seed("k", "aa");

        Assert.Equal(OpResult.Error(OpErrors.NotUtf8), _slot.Run(new SetRangeOp("k", 0, [0xc3], Limit)));
        Assert.Equal(OpResult.Of(2), _slot.Run(new SetRangeOp("k", 0, [0xc3, 0xa9], Limit)));

        Assert.Equal("é", _slot.Find("k")!.Value);
    }
}
