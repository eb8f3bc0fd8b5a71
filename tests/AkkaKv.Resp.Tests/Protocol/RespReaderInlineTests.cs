using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

public class RespReaderInlineTests
{
    [Theory]
    [InlineData("PING\r\n", new[] { "PING" })]
    [InlineData("PING\n", new[] { "PING" })]
    [InlineData("SET a b\n", new[] { "SET", "a", "b" })]
    [InlineData("SET a \"b c\"\r\n", new[] { "SET", "a", "b c" })]
    // A lone '\r' inside the line is a blank, as in Redis.
    [InlineData("GET\ra\r\n", new[] { "GET", "a" })]
    public void An_inline_command_is_one_line_of_words(string text, string[] expected)
    {
        var parsed = Parse.One(text);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Equal(expected, parsed.Words);
        Assert.Equal(text.Length, parsed.Consumed);
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("   \t \r\n")]
    public void A_blank_line_is_a_complete_command_of_no_arguments(string text)
    {
        var parsed = Parse.One(text);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Empty(parsed.Args);
        Assert.Equal(text.Length, parsed.Consumed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("PING")]
    [InlineData("PING\r")]
    [InlineData("SET \"unterminated")]
    public void A_line_without_its_newline_waits_for_more(string text)
    {
        var parsed = Parse.One(text);

        Assert.Equal(ReadStatus.Incomplete, parsed.Status);
        Assert.Equal(0, parsed.Consumed);
        Assert.Null(parsed.Error);
    }

    [Theory]
    [InlineData("SET \"a b\r\n")]
    [InlineData("SET 'a\n")]
    [InlineData("SET \"a\"b\n")]
    public void Unbalanced_quotes_are_a_protocol_error(string text)
    {
        var parsed = Parse.One(text);

        Assert.Equal(ReadStatus.Error, parsed.Status);
        Assert.Equal("ERR Protocol error: unbalanced quotes in request", parsed.Error);
    }
}
