using AkkaKv.Cli.Repl;
using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

public class CompletionTests
{
    private readonly System.CommandLine.RootCommand _root = TestTree.Root();

    [Fact]
    public void An_ambiguous_prefix_completes_to_the_common_part_and_lists_the_candidates()
    {
        var result = Completion.Complete(_root, "clu");
        Assert.Equal("ster", result.Insert);
        Assert.Equal(["cluster", "cluster-sharding"], result.Candidates);
    }

    [Fact]
    public void A_unique_prefix_completes_the_word_and_a_space()
    {
        var result = Completion.Complete(_root, "cluster sh");
        Assert.Equal("ow ", result.Insert);
        Assert.Equal(["show"], result.Candidates);
    }

    [Fact]
    public void With_nothing_in_common_only_the_candidates_are_given()
    {
        var result = Completion.Complete(_root, "cluster d");
        Assert.Equal("own", result.Insert);
        Assert.Equal(["down", "down-unreachable"], result.Candidates);

        var after = Completion.Complete(_root, "cluster s");
        Assert.Equal("", after.Insert);
        Assert.Equal(["show", "status"], after.Candidates);
    }

    [Fact]
    public void An_empty_line_offers_every_command_and_the_shell_words()
    {
        var candidates = Completion.Candidates(_root, [], "");
        Assert.Equal(["cluster", "cluster-sharding", "config", "exit", "help", "kv", "node", "quit", "slots", "stats"], candidates);
    }

    [Fact]
    public void Options_complete_after_a_dash_including_the_global_ones()
    {
        Assert.Equal(["--json"], Completion.Candidates(_root, ["cluster", "show"], "--j"));
        Assert.Equal(["--region"], Completion.Candidates(_root, ["cluster-sharding", "shard-stats"], "--r"));
        Assert.Contains("--ttl", Completion.Candidates(_root, ["kv", "put", "k", "v"], "--"));
    }

    [Fact]
    public void Nothing_is_offered_for_keys_and_values()
    {
        Assert.Empty(Completion.Candidates(_root, ["kv", "get"], ""));
        Assert.Empty(Completion.Candidates(_root, ["kv", "get", "some-key"], ""));
    }

    [Fact]
    public void An_option_value_is_skipped_and_a_leading_address_ignored()
    {
        Assert.Equal(["show", "status"], Completion.Candidates(_root, ["--token", "t", "cluster"], "s"));
        Assert.Equal(["show", "status"], Completion.Candidates(_root, ["10.0.0.5:9110", "cluster"], "s"));
    }

    [Fact]
    public void Help_completes_command_paths()
    {
        Assert.Equal(["cluster", "cluster-sharding"], Completion.Candidates(_root, ["help"], "clu"));
        Assert.Equal(["region-stats", "regions"], Completion.Candidates(_root, ["help", "cluster-sharding"], "reg"));
    }

    [Theory]
    [InlineData(new[] { "region-stats", "regions" }, "region")]
    [InlineData(new[] { "abc" }, "abc")]
    [InlineData(new[] { "abc", "xyz" }, "")]
    [InlineData(new string[0], "")]
    public void Longest_common_prefix(string[] words, string expected) =>
        Assert.Equal(expected, Completion.LongestCommonPrefix(words));
}
