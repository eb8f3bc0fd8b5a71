using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

/// <summary>--help, help, --version and usage errors: none of them needs (or contacts) a server.</summary>
public class HelpAndUsageTests
{
    [Fact]
    public async Task Help_shows_the_usage_with_the_address_and_the_exit_codes()
    {
        var run = await CliRun.RunAsync("--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("akkakv [host:port] [command] [options]", run.Out);
        Assert.Contains("Exit codes: 0 ok", run.Out);
        Assert.Contains("cluster-sharding", run.Out);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task Help_command_prints_the_same_as_the_help_option()
    {
        var viaCommand = await CliRun.RunAsync("help", "cluster", "show");
        var viaOption = await CliRun.RunAsync("cluster", "show", "--help");
        Assert.Equal(0, viaCommand.ExitCode);
        Assert.Contains("akkakv [host:port] cluster show [options]", viaCommand.Out);
        Assert.Equal(viaOption.Out, viaCommand.Out);
    }

    [Fact]
    public async Task Help_for_an_unknown_command_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("help", "cluster", "bogus");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("akkakv: unknown command: cluster bogus\n", run.Error);
        Assert.Contains("Usage:", run.Error);
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData(new[] { "bogus" }, "akkakv: Unrecognized command or argument 'bogus'.")]
    [InlineData(new[] { "cluster" }, "akkakv: Required command was not provided.")]
    [InlineData(new[] { "kv", "get" }, "akkakv: Required argument 'key' missing")]
    [InlineData(new[] { "kv", "get", "a", "b" }, "akkakv: Unrecognized command or argument 'b'.")]
    [InlineData(new[] { "kv", "put", "k", "v", "--ttl", "soon" }, "akkakv: Cannot parse argument 'soon' for option '--ttl'")]
    public async Task Bad_arguments_exit_2_with_the_reason_and_usage_on_stderr(string[] args, string firstLine)
    {
        var run = await CliRun.RunAsync(args);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith(firstLine, run.Error);
        Assert.Contains("Usage:", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_malformed_address_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("127.0.0.1:70000", "cluster", "show");
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("akkakv: not an address: 127.0.0.1:70000", run.Error);
    }

    [Fact]
    public async Task A_malformed_AKKAKV_ADDRESS_is_a_usage_error()
    {
        var run = await CliRun.RunAsync(["cluster", "show"], stdin: null, name => name == "AKKAKV_ADDRESS" ? "nohost:" : null);
        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("akkakv: AKKAKV_ADDRESS is not an address: nohost:", run.Error);
    }

    [Fact]
    public async Task Version_prints_the_tool_version()
    {
        // The plain entry point, as a host embedding the CLI would call it.
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        Assert.Equal(0, await CliApp.RunAsync(["--version"], stdout, stderr));
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout.ToString());
        Assert.Equal("", stderr.ToString());
    }
}
