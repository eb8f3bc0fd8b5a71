using AkkaKv.Ops;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class CounterOpTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Incr_on_a_missing_key_starts_from_0()
    {
        Assert.Equal(OpResult.Of(5), _slot.Run(new IncrementOp("n", 5)));

        Assert.Equal(("5", (long?)null), (_slot.Find("n")!.Value, _slot.Find("n")!.ExpiresAtMs));
    }

    [Fact]
    public void Incr_adds_to_the_stored_integer_and_keeps_the_ttl()
    {
        _slot.Seed("n", "10", Now + 6000);

        Assert.Equal(OpResult.Of(7), _slot.Run(new IncrementOp("n", -3)));

        var entry = _slot.Find("n")!;
        Assert.Equal(("7", (long?)(Now + 6000), 2L), (entry.Value, entry.ExpiresAtMs, entry.Version));
    }

    [Fact]
    public void Incr_crosses_zero_and_stores_negative_numbers_as_redis_writes_them()
    {
        _slot.Seed("n", "-1");

        Assert.Equal(OpResult.Of(-11), _slot.Run(new IncrementOp("n", -10)));
        Assert.Equal(OpResult.Of(0), _slot.Run(new IncrementOp("n", 11)));

        Assert.Equal("0", _slot.Find("n")!.Value);
    }

    [Theory]
    // Redis's string2ll is strict: no spaces, no '+', no leading zeros, no decimals, within 64 bits.
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("+1")]
    [InlineData("01")]
    [InlineData("-0")]
    [InlineData("9223372036854775808")]
    public void Incr_of_a_value_that_is_not_an_integer_is_refused_leaving_it(string value)
    {
        _slot.Seed("n", value);

        Assert.Equal(OpResult.Error("ERR value is not an integer or out of range"), _slot.Run(new IncrementOp("n", 1)));

        Assert.Empty(_slot.Events);
        Assert.Equal(value, _slot.Find("n")!.Value);
    }

    [Theory]
    [InlineData("9223372036854775807", 1)]
    [InlineData("-9223372036854775808", -1)]
    [InlineData("1", long.MaxValue)]
    public void Incr_past_64_bits_is_refused_as_overflow(string value, long delta)
    {
        _slot.Seed("n", value);

        Assert.Equal(OpResult.Error("ERR increment or decrement would overflow"), _slot.Run(new IncrementOp("n", delta)));

        Assert.Empty(_slot.Events);
        Assert.Equal(value, _slot.Find("n")!.Value);
    }

    [Fact]
    public void Incr_reaches_the_64_bit_limits_exactly()
    {
        _slot.Seed("max", "9223372036854775806");
        _slot.Seed("min", "-9223372036854775807");

        Assert.Equal(OpResult.Of(long.MaxValue), _slot.Run(new IncrementOp("max", 1)));
        Assert.Equal(OpResult.Of(long.MinValue), _slot.Run(new IncrementOp("min", -1)));
        Assert.Equal("-9223372036854775808", _slot.Find("min")!.Value);
    }

    [Fact]
    public void Incrbyfloat_follows_redis_documentation_example()
    {
        _slot.Seed("f", "10.50");

        Assert.Equal(OpResult.Value("10.6"), _slot.Run(new IncrementFloatOp("f", 0.1)));
        Assert.Equal(OpResult.Value("5.6"), _slot.Run(new IncrementFloatOp("f", -5)));

        _slot.Seed("f", "5.0e3");
        Assert.Equal(OpResult.Value("5200"), _slot.Run(new IncrementFloatOp("f", 2.0e2)));
        Assert.Equal("5200", _slot.Find("f")!.Value);
    }

    [Fact]
    public void Incrbyfloat_sums_decimals_exactly_as_redis_long_double_shows_them()
    {
        Assert.Equal(OpResult.Value("0.1"), _slot.Run(new IncrementFloatOp("f", 0.1)));
        Assert.Equal(OpResult.Value("0.3"), _slot.Run(new IncrementFloatOp("f", 0.2)));

        _slot.Seed("g", "1");
        Assert.Equal(OpResult.Value("-0.1"), _slot.Run(new IncrementFloatOp("g", -1.1)));
    }

    [Theory]
    [InlineData("1.23456789012345678", "1.23456789012345678")] // more digits than a double holds
    [InlineData("9007199254740993", "9007199254740993")] // 2^53 + 1: no double is this number
    [InlineData("3.0000000000000001", "3.0000000000000001")]
    [InlineData("1.5e1", "15")]
    [InlineData("0x1p-1", "0.5")] // hexadecimal floats are no decimal: the double counts
    public void Incrbyfloat_adds_the_increment_as_the_client_wrote_it(string increment, string expected)
    {
        Assert.True(AkkaKv.Redis.RedisNumbers.TryParseDouble(increment, out var delta));

        Assert.Equal(OpResult.Value(expected), _slot.Run(new IncrementFloatOp("f", delta, increment)));
        Assert.Equal(expected, _slot.Find("f")!.Value);
    }

    [Fact]
    public void Incrbyfloat_on_a_missing_key_starts_from_0_and_keeps_an_existing_ttl()
    {
        Assert.Equal(OpResult.Value("1.5"), _slot.Run(new IncrementFloatOp("f", 1.5)));
        Assert.Null(_slot.Find("f")!.ExpiresAtMs);

        _slot.Seed("t", "3", Now + 8000);
        Assert.Equal(OpResult.Value("3.25"), _slot.Run(new IncrementFloatOp("t", 0.25)));
        Assert.Equal(("3.25", (long?)(Now + 8000)), (_slot.Find("t")!.Value, _slot.Find("t")!.ExpiresAtMs));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("1.5 ")]
    [InlineData("nan")]
    public void Incrbyfloat_of_a_value_that_is_not_a_float_is_refused(string value)
    {
        _slot.Seed("f", value);

        Assert.Equal(OpResult.Error("ERR value is not a valid float"), _slot.Run(new IncrementFloatOp("f", 1)));

        Assert.Empty(_slot.Events);
    }

    [Theory]
    [InlineData("1.7976931348623157e308", 1.7976931348623157e308)]
    [InlineData("inf", 1)]
    [InlineData("1", double.PositiveInfinity)]
    public void Incrbyfloat_to_infinity_is_refused_leaving_the_value(string value, double delta)
    {
        _slot.Seed("f", value);

        Assert.Equal(OpResult.Error("ERR increment would produce NaN or Infinity"), _slot.Run(new IncrementFloatOp("f", delta)));

        Assert.Empty(_slot.Events);
        Assert.Equal(value, _slot.Find("f")!.Value);
    }
}
