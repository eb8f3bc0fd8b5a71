using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>Inline commands split as Redis's sdssplitargs splits them, so what works typed into telnet against Redis
/// works here.</summary>
public class InlineSplitterTests
{
    private const string Unbalanced = "ERR Protocol error: unbalanced quotes in request";

    [Theory]
    [InlineData("PING", new[] { "PING" })]
    [InlineData("SET a b", new[] { "SET", "a", "b" })]
    [InlineData("  SET \t a   b  ", new[] { "SET", "a", "b" })]
    [InlineData("SET \"a b\" 'c d'", new[] { "SET", "a b", "c d" })]
    [InlineData("SET k \"\"", new[] { "SET", "k", "" })]
    [InlineData("SET k ''", new[] { "SET", "k", "" })]
    // A quote inside a word opens a quoted part of the same word.
    [InlineData("SET a\"b c\"", new[] { "SET", "ab c" })]
    [InlineData("x'y z'", new[] { "xy z" })]
    // Escapes in double quotes: \n \r \t \b \a, \\ and \", \xHH, and any other escaped character stands for itself.
    [InlineData("\"a\\nb\\rc\\td\\be\\af\"", new[] { "a\nb\rc\td\be\af" })]
    [InlineData("\"\\\\ \\\" \\q\"", new[] { "\\ \" q" })]
    [InlineData("\"\\x41\\x6a\\x4A\"", new[] { "AjJ" })]
    // Not two hex digits after \x: the backslash escapes the 'x' alone.
    [InlineData("\"\\x4g\"", new[] { "x4g" })]
    [InlineData("\"\\x4\"", new[] { "x4" })]
    // In single quotes only \' is an escape; everything else, backslashes included, is literal.
    [InlineData("'it\\'s'", new[] { "it's" })]
    [InlineData("'a\\nb \\x41 \"'", new[] { "a\\nb \\x41 \"" })]
    // Outside quotes a backslash is an ordinary character.
    [InlineData("a\\nb", new[] { "a\\nb" })]
    [InlineData("", new string[0])]
    [InlineData("   ", new string[0])]
    public void Splits_words_quotes_and_escapes_as_redis_sdssplitargs(string line, string[] expected)
    {
        var request = new RespRequest();

        Assert.True(InlineSplitter.Split(Encoding.UTF8.GetBytes(line), request, out var error), error);

        Assert.Equal(expected, Enumerable.Range(0, request.Count).Select(i => Encoding.UTF8.GetString(request[i])));
    }

    [Fact]
    public void A_hex_escape_gives_any_byte_including_ones_that_are_not_utf8()
    {
        var request = new RespRequest();

        Assert.True(InlineSplitter.Split("SET k \"\\x00\\xff\\xC3\""u8, request, out _));

        Assert.Equal(3, request.Count);
        Assert.Equal(new byte[] { 0x00, 0xff, 0xc3 }, request[2].ToArray());
    }

    [Theory]
    [InlineData("SET \"a")]
    [InlineData("SET 'a")]
    [InlineData("\"a\\\"")]
    [InlineData("'a\\'")]
    // A closing quote must end the word.
    [InlineData("\"a\"b")]
    [InlineData("'a'b")]
    [InlineData("SET \"a\"\"b\"")]
    public void Unbalanced_quotes_are_refused_with_redis_error(string line)
    {
        Assert.False(InlineSplitter.Split(Encoding.UTF8.GetBytes(line), new RespRequest(), out var error));
        Assert.Equal(Unbalanced, error);
    }
}
