using System.Text.Json;
using AkkaKv.Cli.Tests.Support;
using static AkkaKv.Cli.Tests.Support.ProtocolSamples;

namespace AkkaKv.Cli.Tests;

public class KvCommandTests
{
    [Fact]
    public async Task Get_prints_the_value_alone()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "kv", "get", "greeting");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("hello\n", run.Out);

        var json = await CliRun.RunAsync(server.Address, "kv", "get", "greeting", "--json");
        Assert.Equal(Greeting + "\n", json.Out);
    }

    [Fact]
    public async Task Get_of_a_missing_key_exits_1_naming_the_key()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "kv", "get", "user/9 x");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: not found: user/9 x\n", run.Error);
        Assert.Equal("", run.Out);
        Assert.Equal("/v1/kv/user/9%20x", server.Requests.Last().RawTarget);
    }

    [Fact]
    public async Task Dot_segments_in_a_key_reach_the_server_unchanged()
    {
        await using var server = await CannedServer.StartAsync();
        await CliRun.RunAsync(server.Address, "kv", "get", "a/../b/./c");
        Assert.Equal("/v1/kv/a/%2E%2E/b/%2E/c", server.Requests.Last().RawTarget);
    }

    [Fact]
    public async Task Put_sends_the_raw_value_with_ttl_and_prev_version_in_the_query()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("PUT", "/v1/kv/*", 200, """{"key":"a?b","version":2,"revision":5,"expiresAt":"2026-11-26T17:01:00+00:00"}""");
        var run = await CliRun.RunAsync(server.Address, "kv", "put", "a?b", "{\"not\": \"json to the server\"}", "--ttl", "60", "--prev-version", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("OK (version 2, revision 5, expires 2026-11-26T17:01:00+00:00)\n", run.Out);
        var request = server.Requests.Last();
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/v1/kv/a%3Fb?ttl=60&prevVersion=1", request.RawTarget);
        Assert.Equal("{\"not\": \"json to the server\"}", request.Body);
        Assert.StartsWith("text/plain", request.ContentType);
    }

    [Fact]
    public async Task A_version_mismatch_is_the_servers_message()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("PUT", "/v1/kv/*", 412, """{"error":"version_mismatch","message":"key greeting is at version 2","currentVersion":2}""");
        var run = await CliRun.RunAsync(server.Address, "kv", "put", "greeting", "late", "--prev-version", "1");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: key greeting is at version 2\n", run.Error);
    }

    [Fact]
    public async Task Del_reports_the_revision_and_a_missing_key()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("DELETE", "/v1/kv/greeting", 200, """{"key":"greeting","deleted":true,"revision":4}""");
        var run = await CliRun.RunAsync(server.Address, "kv", "del", "greeting", "--prev-version", "3");
        Assert.Equal("deleted greeting (revision 4)\n", run.Out);
        Assert.Equal("/v1/kv/greeting?prevVersion=3", server.Requests.Last().RawTarget);

        var missing = await CliRun.RunAsync(server.Address, "kv", "del", "nope");
        Assert.Equal(ExitCodes.ServerError, missing.ExitCode);
        Assert.Equal("akkakv: not found: nope\n", missing.Error);
    }

    [Fact]
    public async Task Scan_prints_rows_and_the_next_cursor()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "kv", "scan", "user/", "--limit", "2", "--cursor", "dXNlci8x");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "KEY    | VALUE      | VERSION\nuser/1 | ann        |       1\nuser/2 | two\\nlines |       3\nCount: 2 keys; next page: --cursor dXNlci8y\n",
            run.Out);
        Assert.Equal("/v1/kv?prefix=user%2F&limit=2&cursor=dXNlci8x", server.Requests.Last().RawTarget);

        server.On("GET", "/v1/kv", 200, """{"items":[],"cursor":null}""");
        Assert.Equal("KEY | VALUE | VERSION\nCount: 0 keys (last page)\n", (await CliRun.RunAsync(server.Address, "kv", "scan")).Out);
    }

    [Fact]
    public async Task Ttl_is_minus_1_without_expiry_minus_2_when_absent_and_seconds_otherwise()
    {
        await using var server = await CannedServer.StartAsync();
        Assert.Equal("-1\n", (await CliRun.RunAsync(server.Address, "kv", "ttl", "greeting")).Out);
        Assert.Equal("-2\n", (await CliRun.RunAsync(server.Address, "kv", "ttl", "nope")).Out);

        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(100).ToString("O");
        server.On("GET", "/v1/kv/soon", 200, $$"""{"key":"soon","value":"v","version":1,"revision":1,"expiresAt":"{{expiresAt}}"}""");
        var ttl = await CliRun.RunAsync(server.Address, "kv", "ttl", "soon");
        Assert.Equal(0, ttl.ExitCode);
        Assert.InRange(long.Parse(ttl.Out.Trim(), System.Globalization.CultureInfo.InvariantCulture), 98, 100);

        var json = await CliRun.RunAsync(server.Address, "kv", "ttl", "nope", "--json");
        using var doc = JsonDocument.Parse(json.Out);
        Assert.Equal(-2, doc.RootElement.GetProperty("ttl").GetInt64());
    }
}
