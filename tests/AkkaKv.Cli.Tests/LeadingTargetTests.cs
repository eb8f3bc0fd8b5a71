namespace AkkaKv.Cli.Tests;

public class LeadingTargetTests
{
    private static readonly HashSet<string> Words = ["cluster", "kv", "node", "help", "slots"];

    [Fact]
    public void An_address_before_the_command_is_the_target()
    {
        var split = LeadingTarget.From(["10.0.0.5:9111", "cluster", "show"], Words);
        Assert.Equal(new Target("10.0.0.5", 9111), split.Target);
        Assert.Equal(["cluster", "show"], split.Rest);
        Assert.Null(split.Error);
    }

    [Fact]
    public void No_address_leaves_the_line_alone()
    {
        var split = LeadingTarget.From(["cluster", "show"], Words);
        Assert.Null(split.Target);
        Assert.Equal(["cluster", "show"], split.Rest);
    }

    [Fact]
    public void A_bare_host_name_is_a_target_when_a_command_follows()
    {
        var split = LeadingTarget.From(["akkakv-0", "node"], Words);
        Assert.Equal(new Target("akkakv-0", 9110), split.Target);
        Assert.Equal(["node"], split.Rest);
    }

    [Fact]
    public void A_mistyped_command_is_not_dialled_as_a_host()
    {
        var split = LeadingTarget.From(["clustr", "show"], Words);
        Assert.Null(split.Target);
        Assert.Equal(["clustr", "show"], split.Rest);
    }

    [Fact]
    public void Global_options_may_come_before_the_address()
    {
        var split = LeadingTarget.From(["--token", "t", "--json", "[::1]:9110", "cluster", "down", "x"], Words);
        Assert.Equal(new Target("::1", 9110), split.Target);
        Assert.Equal(["--token", "t", "--json", "cluster", "down", "x"], split.Rest);
    }

    [Fact]
    public void An_address_alone_is_the_shell_on_it()
    {
        var split = LeadingTarget.From(["127.0.0.1"], Words);
        Assert.Equal(Target.Default, split.Target);
        Assert.Empty(split.Rest);
    }

    [Fact]
    public void Something_that_looks_like_an_address_but_is_not_is_reported()
    {
        var split = LeadingTarget.From(["127.0.0.1:99999", "cluster", "show"], Words);
        Assert.Null(split.Target);
        Assert.Contains("not an address: 127.0.0.1:99999", split.Error);
    }
}
