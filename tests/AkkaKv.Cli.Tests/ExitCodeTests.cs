using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

/// <summary>The exit codes scripts rely on, end to end: 3 when nothing answers, 1 when the answer is an error or not
/// the protocol.</summary>
public class ExitCodeTests
{
    [Fact]
    public async Task A_closed_port_is_exit_3_within_seconds_with_one_line()
    {
        var address = $"127.0.0.1:{ClosedPort.Next()}";
        var run = await CliRun.RunAsync(address, "cluster", "show");
        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Equal($"akkakv: cannot reach {address}: connection refused\n", run.Error);
        Assert.Equal("", run.Out);
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(5), $"took {run.Elapsed}");
    }

    [Fact]
    public async Task An_unknown_host_is_exit_3()
    {
        // .invalid never resolves (RFC 2606); the lookup fails locally, with no traffic off the machine.
        var run = await CliRun.RunAsync("no-such-node.invalid:9110", "node");
        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.StartsWith("akkakv: cannot reach no-such-node.invalid:9110: ", run.Error);
        Assert.DoesNotContain("\n   at ", run.Error);
    }

    [Fact]
    public async Task A_200_that_is_not_json_is_exit_1()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/node", 200, "<html>hello</html>", "text/html");
        var run = await CliRun.RunAsync(server.Address, "node");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal($"akkakv: unexpected response from {server.Address}: the body is not JSON (is this an AkkaKv management port?)\n", run.Error);
    }

    [Fact]
    public async Task An_error_that_is_not_the_protocols_is_exit_1_with_the_status()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/node", 502, "<html>bad gateway</html>", "text/html");
        var run = await CliRun.RunAsync(server.Address, "node");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: HTTP 502 Bad Gateway\n", run.Error);
    }

    [Fact]
    public async Task The_default_target_comes_from_AKKAKV_ADDRESS()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(["cluster", "leader"], stdin: null, name => name == "AKKAKV_ADDRESS" ? server.Address : null);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{ProtocolSamples.Node1}\n", run.Out);
    }
}
