using AkkaKv.Cli.Repl;

namespace AkkaKv.Cli.Tests;

public class CommandLineTokenizerTests
{
    [Theory]
    [InlineData("cluster show", new[] { "cluster", "show" })]
    [InlineData("  kv   get  a  ", new[] { "kv", "get", "a" })]
    [InlineData("kv put 'a key' \"a value\"", new[] { "kv", "put", "a key", "a value" })]
    [InlineData("kv put k \"say \\\"hi\\\" \\\\o/\"", new[] { "kv", "put", "k", "say \"hi\" \\o/" })]
    [InlineData("kv put k 'single keeps \\ and \"'", new[] { "kv", "put", "k", "single keeps \\ and \"" })]
    [InlineData("kv put a\\ b c", new[] { "kv", "put", "a b", "c" })]
    [InlineData("kv put k \"C:\\dir\"", new[] { "kv", "put", "k", "C:\\dir" })]
    [InlineData("kv put k ''", new[] { "kv", "put", "k", "" })]
    [InlineData("kv put pre\"fix \"'and'suffix", new[] { "kv", "put", "prefix andsuffix" })]
    [InlineData("trailing\\", new[] { "trailing\\" })]
    [InlineData("", new string[0])]
    public void Splits_as_a_shell_would(string line, string[] expected) =>
        Assert.Equal(expected, CommandLineTokenizer.Split(line));

    [Theory]
    [InlineData("kv put k \"open", "double")]
    [InlineData("kv put k 'open", "single")]
    public void An_unterminated_quote_is_an_error(string line, string kind)
    {
        var e = Assert.Throws<FormatException>(() => CommandLineTokenizer.Split(line));
        Assert.Equal($"unterminated {kind} quote", e.Message);
    }

    [Fact]
    public void A_prefix_ending_in_a_space_has_no_word_in_progress()
    {
        var scan = CommandLineTokenizer.Tokenize("cluster ");
        Assert.Equal(["cluster"], scan.Words);
        Assert.Null(scan.Current);
    }

    [Fact]
    public void A_prefix_reports_the_word_being_typed_and_an_open_quote()
    {
        var scan = CommandLineTokenizer.Tokenize("kv get \"my ke");
        Assert.Equal(["kv", "get"], scan.Words);
        Assert.Equal("my ke", scan.Current);
        Assert.Equal('"', scan.OpenQuote);
    }
}
