using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>Bytes that are not RESP are refused with Redis's own error texts (clients and tests match on them), and
/// limits are enforced from the header alone, before the payload is waited for or allocated.</summary>
public class RespReaderErrorTests
{
    // Parse.Limits: bulk strings up to 64 bytes, 8 arguments, 64-byte lines.
    [Fact]
    public void A_bulk_string_up_to_the_limit_is_accepted()
    {
        var parsed = Parse.One(Parse.Command("SET", "k", new string('v', 64)));

        Assert.Equal(ReadStatus.Complete, parsed.Status);
    }

    [Theory]
    [InlineData("*1\r\n$65\r\n")]
    [InlineData("*1\r\n$999999999999\r\n")]
    [InlineData("*1\r\n$-1\r\n")]
    [InlineData("*1\r\n$\r\n")]
    [InlineData("*1\r\n$-\r\n")]
    [InlineData("*1\r\n$12a\r\n")]
    [InlineData("*1\r\n$ 3\r\n")]
    [InlineData("*1\r\n$1234567890123456789\r\n")]
    [InlineData("*1\r\n$03\r\n")] // Redis's string2ll: no leading zeros, no "-0"
    [InlineData("*1\r\n$00\r\n")]
    [InlineData("*1\r\n$-0\r\n")]
    public void A_bulk_length_over_the_limit_or_not_a_number_is_an_invalid_bulk_length(string frame)
    {
        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Error, parsed.Status);
        Assert.Equal("ERR Protocol error: invalid bulk length", parsed.Error);
    }

    [Theory]
    [InlineData("*1\r\n$0\r\n\r\n", "")]
    [InlineData("*1\r\n$10\r\n0123456789\r\n", "0123456789")]
    public void Zero_alone_and_numbers_with_zeros_after_the_first_digit_are_lengths(string frame, string argument)
    {
        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Equal([argument], parsed.Words);
    }

    [Fact]
    public void Up_to_the_argument_limit_is_accepted()
    {
        var parsed = Parse.One(Parse.Command([.. Enumerable.Repeat("a", 8)]));

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Equal(8, parsed.Args.Count);
    }

    [Theory]
    [InlineData("*9\r\n")]
    [InlineData("*1048577\r\n")]
    [InlineData("*\r\n")]
    [InlineData("*x\r\n")]
    [InlineData("*--1\r\n")]
    [InlineData("*1-\r\n")]
    [InlineData("*01\r\n")]
    [InlineData("*-0\r\n")]
    public void An_argument_count_over_the_limit_or_not_a_number_is_an_invalid_multibulk_length(string frame)
    {
        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Error, parsed.Status);
        Assert.Equal("ERR Protocol error: invalid multibulk length", parsed.Error);
    }

    [Theory]
    [InlineData("*1\r\nx", "x")]
    [InlineData("*2\r\n$3\r\nGET\r\n:1\r\n", ":")]
    [InlineData("*1\r\n*1\r\n$1\r\na\r\n", "*")]
    public void An_element_that_is_not_a_bulk_string_is_refused_naming_what_came(string frame, string got)
    {
        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Error, parsed.Status);
        Assert.Equal($"ERR Protocol error: expected '$', got '{got}'", parsed.Error);
    }

    [Fact]
    public void A_bulk_string_longer_than_its_declared_length_is_refused()
    {
        var parsed = Parse.One("*1\r\n$3\r\nGETX\r\n");

        Assert.Equal(ReadStatus.Error, parsed.Status);
        Assert.StartsWith("ERR Protocol error: ", parsed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_line_longer_than_the_limit_is_refused_even_before_its_newline()
    {
        var atLimit = new string('a', 64);
        Assert.Equal(ReadStatus.Incomplete, Parse.One(atLimit).Status);
        Assert.Equal(ReadStatus.Complete, Parse.One(atLimit + "\n").Status);

        var tooLong = new string('a', 65);
        Assert.Equal(("ERR Protocol error: too big inline request", ReadStatus.Error), Outcome(Parse.One(tooLong)));
        Assert.Equal(("ERR Protocol error: too big inline request", ReadStatus.Error), Outcome(Parse.One(tooLong + "\r\n")));
    }

    [Fact]
    public void A_header_line_longer_than_the_limit_without_its_newline_is_refused()
    {
        var digits = new string('1', 65);

        Assert.Equal(("ERR Protocol error: too big mbulk count string", ReadStatus.Error), Outcome(Parse.One("*" + digits)));
        Assert.Equal(("ERR Protocol error: too big bulk count string", ReadStatus.Error), Outcome(Parse.One("*1\r\n$" + digits)));
        // Up to the limit a header without its newline may still be completed.
        Assert.Equal(ReadStatus.Incomplete, Parse.One("*" + new string('1', 64)).Status);
    }

    [Fact]
    public void Limits_are_checked_on_the_header_before_the_payload_arrives()
    {
        // A client announcing a huge value is refused at once, not after the server buffered it.
        var limits = new RespLimits(MaxBulkBytes: 512L * 1024 * 1024);

        Assert.Equal(ReadStatus.Incomplete, Parse.One("*2\r\n$3\r\nSET\r\n$536870912\r\n", limits).Status);
        Assert.Equal(("ERR Protocol error: invalid bulk length", ReadStatus.Error), Outcome(Parse.One("*2\r\n$3\r\nSET\r\n$536870913\r\n", limits)));
        Assert.Equal(("ERR Protocol error: invalid multibulk length", ReadStatus.Error), Outcome(Parse.One("*1048577\r\n", limits)));
        Assert.Equal(ReadStatus.Incomplete, Parse.One("*1048576\r\n", limits).Status);
    }

    [Fact]
    public void A_non_printable_byte_is_named_by_its_hex_code()
    {
        var parsed = Parse.One(Encoding.ASCII.GetBytes("*1\r\n").Append((byte)0x01).ToArray());

        Assert.Equal(@"ERR Protocol error: expected '$', got '\x01'", parsed.Error);
    }

    private static (string?, ReadStatus) Outcome(Parsed parsed) => (parsed.Error, parsed.Status);
}
