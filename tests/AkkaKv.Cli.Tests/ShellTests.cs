using AkkaKv.Cli.Tests.Support;
using static AkkaKv.Cli.Tests.Support.ProtocolSamples;

namespace AkkaKv.Cli.Tests;

/// <summary>The shell with stdin redirected, as <c>printf 'cluster show\nexit\n' | akkakv 127.0.0.1:9110</c> runs it.</summary>
public class ShellTests
{
    [Fact]
    public async Task Runs_each_line_reports_errors_and_goes_on_until_exit()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync([server.Address], "cluster show\nbogus\ncluster leader\nexit\nnode\n");
        // Fed from a pipe, the shell exits with the last failure's code (bogus: a usage error), so a script can tell.
        Assert.Equal(2, run.ExitCode);

        var prompt = $"akkakv {server.Address}> ";
        Assert.StartsWith(prompt + "cluster show\nADDRESS ", run.Out);
        Assert.EndsWith($"Count: 3 members (3 Up)\n{prompt}bogus\n{prompt}cluster leader\n{Node1}\n{prompt}exit\n", run.Out);
        Assert.StartsWith("akkakv: Unrecognized command or argument 'bogus'.\n", run.Error);
        // exit stops the shell: the line after it is not run.
        Assert.DoesNotContain(server.Requests, r => r.RawTarget == "/v1/admin/node");
    }

    [Fact]
    public async Task The_end_of_input_leaves_the_shell_like_exit()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync([server.Address], "cluster status\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"akkakv {server.Address}> cluster status\n{Node1} Up\nakkakv {server.Address}> \n", run.Out);
    }

    [Fact]
    public async Task Quoted_arguments_reach_the_command_whole()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("PUT", "/v1/kv/*", 200, """{"key":"a key","version":1,"revision":1}""");
        var run = await CliRun.RunAsync([server.Address], "kv put \"a key\" 'it''s \"quoted\"'\nquit\n");
        Assert.Equal(0, run.ExitCode);
        var request = server.Requests.Single();
        Assert.Equal("/v1/kv/a%20key", request.RawTarget);
        Assert.Equal("its \"quoted\"", request.Body);
    }

    [Fact]
    public async Task A_bad_line_is_reported_and_the_shell_goes_on()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync([server.Address], "kv get \"open\nkv get greeting\nkv get nope\ncluster leader\n");
        Assert.Equal(1, run.ExitCode); // the last failure: kv get nope
        Assert.Equal("akkakv: unterminated double quote\nakkakv: not found: nope\n", run.Error);
        Assert.Contains("hello\n", run.Out);
        Assert.Contains(Node1 + "\n", run.Out);
    }

    [Fact]
    public async Task Options_given_to_the_shell_apply_to_every_line_and_an_address_line_switches_target()
    {
        await using var first = await CannedServer.StartAsync();
        await using var second = await CannedServer.StartAsync();
        second.On("GET", "/v1/admin/cluster", 200, ClusterWithTrouble);
        var run = await CliRun.RunAsync([first.Address, "--json"], $"cluster leader\n{second.Address}\ncluster leader\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"akkakv {first.Address}> cluster leader\n{Cluster.Trim()}\n", run.Out);
        Assert.Contains($"akkakv {second.Address}> cluster leader\n{ClusterWithTrouble.Trim()}\n", run.Out);
        Assert.Single(first.Requests);
        Assert.Single(second.Requests);
    }

    [Fact]
    public async Task Help_works_inside_the_shell_and_a_leading_akkakv_is_ignored()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync([server.Address], "help kv\nakkakv cluster leader\n");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("akkakv [host:port] kv [command] [options]", run.Out);
        Assert.Contains(Node1 + "\n", run.Out);
        Assert.Equal("", run.Error);
    }
}
