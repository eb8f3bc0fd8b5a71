using AkkaKv.Cli.Tests.Support;
using static AkkaKv.Cli.Tests.Support.ProtocolSamples;

namespace AkkaKv.Cli.Tests;

public class NodeCommandTests
{
    [Fact]
    public async Task Node_prints_what_the_endpoint_says_about_itself()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "node");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"kind: node\naddress: {Node1}\nroles: [kv]\nversion: 1.0.0\nstartedAt: 2026-11-26T17:00:00+00:00\nhttpPort: 8080\nrespPort: 6379\n",
            run.Out);
    }

    [Fact]
    public async Task Stats_prints_flattened_counters()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "stats");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("resp.connectedClients: 3\n", run.Out);
        Assert.Contains("memory.gcCollections: [10, 2, 1]\n", run.Out);
    }

    [Fact]
    public async Task A_lighthouse_has_no_stats()
    {
        await using var server = await CannedServer.StartAsync();
        const string message = "a lighthouse serves membership and sharding commands only; slots, stats, config and kv are served by the nodes";
        server.On("GET", "/v1/admin/stats", 404, Error("not_served", message));
        var run = await CliRun.RunAsync(server.Address, "stats");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal($"akkakv: {message}\n", run.Error);
    }

    [Fact]
    public async Task Config_get_lists_settings_or_prints_one_value()
    {
        await using var server = await CannedServer.StartAsync();
        var all = await CliRun.RunAsync(server.Address, "config", "get");
        Assert.Equal(
            "NAME             | VALUE      | WRITABLE\nmaxmemory        | 0          | yes\nmaxmemory-policy | noeviction | yes\ndatabases        | 1          | no\n",
            all.Out);

        Assert.Equal("noeviction\n", (await CliRun.RunAsync(server.Address, "config", "get", "maxmemory-policy")).Out);

        var unknown = await CliRun.RunAsync(server.Address, "config", "get", "nope");
        Assert.Equal(ExitCodes.ServerError, unknown.ExitCode);
        Assert.Equal("akkakv: unknown setting: nope\n", unknown.Error);
    }

    [Fact]
    public async Task Config_set_puts_the_value_as_json()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "config", "set", "maxmemory-policy", "allkeys-lru");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("maxmemory-policy: allkeys-lru\n", run.Out);
        var request = server.Requests.Last();
        Assert.Equal("PUT /v1/admin/config/maxmemory-policy", $"{request.Method} {request.RawTarget}");
        Assert.Equal("""{"value":"allkeys-lru"}""", request.Body);
    }

    [Fact]
    public async Task A_bad_setting_value_is_the_servers_message()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("PUT", "/v1/admin/config/maxmemory", 400, Error("invalid_parameter", "maxmemory must be a number of bytes"));
        var run = await CliRun.RunAsync(server.Address, "config", "set", "maxmemory", "lots");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: maxmemory must be a number of bytes\n", run.Error);
    }
}
