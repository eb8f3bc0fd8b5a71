using System.Text;
using AkkaKv.Redis;

namespace AkkaKv.Contracts.Tests.Redis;

public class RedisNumbersTests
{
    [Theory]
    // Redis's test_string2ll.
    [InlineData("0", 0L)]
    [InlineData("1", 1L)]
    [InlineData("99", 99L)]
    [InlineData("-1", -1L)]
    [InlineData("-99", -99L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("17179869184", 17179869184L)]
    public void Canonical_integers_parse(string text, long expected)
    {
        Assert.True(RedisNumbers.TryParseInt64(text, out var fromChars));
        Assert.Equal(expected, fromChars);
        Assert.True(RedisNumbers.TryParseInt64(Encoding.UTF8.GetBytes(text), out var fromBytes));
        Assert.Equal(expected, fromBytes);
    }

    [Theory]
    // Redis's test_string2ll: no '+', no spaces, no leading zero, no overflow.
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("01")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    // And the rest of the strictness.
    [InlineData("")]
    [InlineData("-")]
    [InlineData("-0")]
    [InlineData("00")]
    [InlineData("-01")]
    [InlineData("1a")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("0x10")]
    [InlineData("--1")]
    [InlineData("18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData("123456789012345678901")]
    [InlineData("1\u00002")]
    [InlineData("\u0661")]
    [InlineData("\uff11")]
    public void Anything_but_a_canonical_integer_is_refused(string text)
    {
        Assert.False(RedisNumbers.TryParseInt64(text, out _));
        Assert.False(RedisNumbers.TryParseInt64(Encoding.UTF8.GetBytes(text), out _));
    }

    [Theory]
    // Redis's test_ll2string.
    [InlineData(0L, "0")]
    [InlineData(-1L, "-1")]
    [InlineData(99L, "99")]
    [InlineData(-99L, "-99")]
    [InlineData(-2147483648L, "-2147483648")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void Integers_format_as_plain_digits(long value, string expected) =>
        Assert.Equal(expected, RedisNumbers.FormatInt64(value));

    [Theory]
    [InlineData("1", 1.0)]
    [InlineData("0", 0.0)]
    [InlineData("0.25", 0.25)]
    [InlineData("-1.1", -1.1)]
    [InlineData("+1.5", 1.5)]
    [InlineData(".5", 0.5)]
    [InlineData("-.5", -0.5)]
    [InlineData("5.", 5.0)]
    [InlineData("007", 7.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("1E+3", 1000.0)]
    [InlineData("2.5e-3", 0.0025)]
    [InlineData("17179869184", 17179869184.0)]
    [InlineData("0e999999999999", 0.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("4.9e-324", double.Epsilon)]
    [InlineData("3e-324", double.Epsilon)]
    public void Decimal_floats_parse_as_strtold_reads_them(string text, double expected)
    {
        Assert.True(RedisNumbers.TryParseDouble(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0x1A", 26.0)]
    [InlineData("0X1a", 26.0)]
    [InlineData("0x1.8p1", 3.0)]
    [InlineData("0x1.8P+1", 3.0)]
    [InlineData("0x.8", 0.5)]
    [InlineData("0x1.", 1.0)]
    [InlineData("-0x10p-4", -1.0)]
    [InlineData("+0x0", 0.0)]
    [InlineData("0x0.0000000000000000000001p0", 3.2311742677852644e-27)]
    [InlineData("0x123456789abcdef0123p0", 5.373003642731685e+21)]
    [InlineData("0x1p1023", 8.98846567431158E+307)]
    [InlineData("0x1.fffffffffffffp1023", double.MaxValue)]
    [InlineData("0x1p-1074", double.Epsilon)]
    [InlineData("0x1.8p-1075", double.Epsilon)]
    public void Hexadecimal_floats_parse_as_strtold_reads_them(string text, double expected)
    {
        Assert.True(RedisNumbers.TryParseDouble(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    // Exactly between two doubles: to the even one.
    [InlineData("0x1.00000000000008p0", 1.0)]
    [InlineData("0x1.fffffffffffff8p0", 2.0)]
    // Just above the halfway point, where the deciding digit is past the sixteen the mantissa holds: up.
    [InlineData("0x1.000000000000080000001p0", 1.0000000000000002)]
    // Just below it: down.
    [InlineData("0x1.00000000000007ffffffffp0", 1.0)]
    public void Hexadecimal_floats_round_once_to_nearest_even(string text, double expected)
    {
        Assert.True(RedisNumbers.TryParseDouble(text, out var value));
        Assert.Equal(expected, value);
    }

    [Fact]
    public void Negative_zero_parses_as_negative_zero()
    {
        Assert.True(RedisNumbers.TryParseDouble("-0", out var value));
        Assert.True(double.IsNegative(value));
        Assert.Equal(0.0, value);
    }

    [Theory]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("INF", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("iNfInItY", double.PositiveInfinity)]
    public void Infinity_parses_so_that_INCRBYFLOAT_can_refuse_the_sum(string text, double expected)
    {
        // Redis's incr.tcl: "INCRBYFLOAT does not allow NaN or Infinity" expects "would produce", so "+inf" must
        // parse; the caller refuses the infinite sum.
        Assert.True(RedisNumbers.TryParseDouble(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    // Redis's incr.tcl: spaces on either side, an embedded NUL, and a word are all "not a valid float".
    [InlineData("    11")]
    [InlineData("11    ")]
    [InlineData(" 11 ")]
    [InlineData("1\u00002")]
    [InlineData("v")]
    // strtold would stop early, leaving trailing characters.
    [InlineData("")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData(".")]
    [InlineData("--1")]
    [InlineData("+-1")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("e5")]
    [InlineData("1e5.5")]
    [InlineData("1.2.3")]
    [InlineData("1,5")]
    [InlineData("1_000")]
    [InlineData("0x")]
    [InlineData("0xg")]
    [InlineData("0x.")]
    [InlineData("0x1p")]
    [InlineData("0x1.2.3")]
    [InlineData("infin")]
    [InlineData("infinityy")]
    [InlineData("\u0661")]
    // NaN in any spelling.
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-nan")]
    [InlineData("nan(123)")]
    // Out of double's range: overflow to infinity, or a non-zero literal underflowing to zero.
    [InlineData("1e400")]
    [InlineData("-1e400")]
    [InlineData("2e-324")]
    [InlineData("1e-400")]
    [InlineData("0x1p1024")]
    [InlineData("0x1.fffffffffffff8p1023")]
    [InlineData("0x1p-1075")]
    [InlineData("0x1p-99999999999")]
    public void Anything_strtold_would_not_read_whole_and_in_range_is_refused(string text) =>
        Assert.False(RedisNumbers.TryParseDouble(text, out _));

    [Fact]
    public void Floats_of_Redis_maximum_length_or_longer_are_refused()
    {
        Assert.True(RedisNumbers.TryParseDouble(new string('0', 5119), out var zero));
        Assert.Equal(0.0, zero);
        Assert.False(RedisNumbers.TryParseDouble(new string('0', 5120), out _));
    }

    [Theory]
    // Redis's incr.tcl expectations.
    [InlineData(0.0 + 1, "1")]
    [InlineData(1.0 + 0.25, "1.25")]
    [InlineData(1.5 + 1.5, "3")]
    [InlineData(17179869184.0 + 1.5, "17179869185.5")]
    [InlineData(17179869184.0 + 17179869184.0, "34359738368")]
    // The rules: no exponent, trailing zeros and a trailing '.' trimmed.
    [InlineData(10.5 + 0.1, "10.6")]
    [InlineData(5.0e3, "5000")]
    [InlineData(-3.0, "-3")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1.2345678901234567e20, "123456789012345670000")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(1e-5, "0.00001")]
    [InlineData(-1.5e-10, "-0.00000000015")]
    [InlineData(1e-17, "0.00000000000000001")]
    public void Floats_format_in_plain_notation_with_the_shortest_round_trip_digits(double value, string expected) =>
        Assert.Equal(expected, RedisNumbers.FormatDouble(value));

    [Theory]
    // "%.17Lf": decimals past the 17th are rounded away, half away from zero, carrying where needed.
    [InlineData(1.2345678901234567e-5, "0.00001234567890123")]
    [InlineData(9.9e-17, "0.0000000000000001")]
    [InlineData(9.5e-18, "0.00000000000000001")]
    [InlineData(5e-18, "0.00000000000000001")]
    [InlineData(4e-18, "0")]
    [InlineData(1e-20, "0")]
    [InlineData(-1e-20, "0")]
    [InlineData(double.Epsilon, "0")]
    public void Floats_keep_at_most_seventeen_decimals_like_Redis(double value, string expected) =>
        Assert.Equal(expected, RedisNumbers.FormatDouble(value));

    [Fact]
    public void Zero_never_formats_with_a_minus_sign()
    {
        // Redis's incr.tcl "No negative zero": 1/41 then -1/41.
        Assert.Equal("0", RedisNumbers.FormatDouble((1.0 / 41) + (-1.0 / 41)));
        Assert.Equal("0", RedisNumbers.FormatDouble(-0.0));
    }

    [Fact]
    public void Huge_floats_are_padded_with_zeros_not_written_with_an_exponent()
    {
        var text = RedisNumbers.FormatDouble(double.MaxValue);
        Assert.Equal("17976931348623157" + new string('0', 292), text);
        Assert.True(RedisNumbers.TryParseDouble(text, out var back));
        Assert.Equal(double.MaxValue, back);
    }

    [Fact]
    public void Double_arithmetic_shows_where_Redis_long_double_would_hide_it()
    {
        // Documented difference: Redis adds in long double and replies "0.3" and "-0.1" here.
        Assert.Equal("0.30000000000000004", RedisNumbers.FormatDouble(0.1 + 0.2));
        Assert.Equal("-0.10000000000000009", RedisNumbers.FormatDouble(1 + -1.1));
    }

    [Theory]
    [InlineData("nan", double.NaN)]
    [InlineData("inf", double.PositiveInfinity)]
    [InlineData("-inf", double.NegativeInfinity)]
    public void Non_finite_values_format_as_Redis_writes_them(string expected, double value) =>
        Assert.Equal(expected, RedisNumbers.FormatDouble(value));

    [Theory]
    [InlineData(10.6)]
    [InlineData(123.456)]
    [InlineData(-0.001)]
    [InlineData(1e20)]
    [InlineData(0.1)]
    [InlineData(1.0 / 3)]
    [InlineData(12345678.87654321)]
    public void Formatted_floats_parse_back_to_the_same_value(double value)
    {
        Assert.True(RedisNumbers.TryParseDouble(RedisNumbers.FormatDouble(value), out var back));
        Assert.Equal(value, back);
    }

    [Theory]
    // What redis-server 7.0 answered to SCAN with these cursors: taken (and where to) or "invalid cursor".
    [InlineData("0", 0UL)]
    [InlineData("", 0UL)]
    [InlineData("+5", 5UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("-1", ulong.MaxValue)]
    [InlineData("-18446744073709551615", 1UL)]
    public void Scan_cursors_are_read_as_redis_reads_them(string text, ulong expected)
    {
        Assert.True(RedisNumbers.TryParseCursor(Encoding.UTF8.GetBytes(text), out var cursor));
        Assert.Equal(expected, cursor);
    }

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("-18446744073709551616")]
    [InlineData("99999999999999999999")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5x")]
    [InlineData("-")]
    [InlineData("+")]
    [InlineData("0x10")]
    public void Scan_cursors_redis_refuses_are_refused(string text)
    {
        Assert.False(RedisNumbers.TryParseCursor(Encoding.UTF8.GetBytes(text), out _));
    }
}
