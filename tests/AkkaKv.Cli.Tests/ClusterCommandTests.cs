using System.Text.Json;
using AkkaKv.Cli.Tests.Support;
using Microsoft.AspNetCore.Http;
using static AkkaKv.Cli.Tests.Support.ProtocolSamples;

namespace AkkaKv.Cli.Tests;

public class ClusterCommandTests
{
    [Fact]
    public async Task Cluster_show_prints_the_members_table_and_a_count()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "cluster", "show");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            """
            ADDRESS                          | ROLES        | STATUS | REACHABLE
            akka.tcp://akkakv@127.0.0.1:4053 | [kv]         | Up     | yes
            akka.tcp://akkakv@127.0.0.1:4054 | [kv]         | Up     | yes
            akka.tcp://akkakv@127.0.0.1:4100 | [lighthouse] | Up     | yes
            Count: 3 members (3 Up)

            """.ReplaceLineEndings("\n"),
            run.Out);
        Assert.Equal("", run.Error);
        Assert.Equal("GET /v1/admin/cluster", Single(server));
    }

    [Fact]
    public async Task Json_prints_the_servers_document_as_it_is()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "cluster", "show", "--json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Cluster.Trim() + "\n", run.Out);
        using var doc = JsonDocument.Parse(run.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Unreachable_and_leaving_members_show_in_the_table_and_the_count()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/cluster", 200, ClusterWithTrouble);
        var run = await CliRun.RunAsync(server.Address, "cluster", "show");
        Assert.Contains($"{Node2} | [kv]  | Leaving | no\n", run.Out);
        Assert.EndsWith("Count: 2 members (1 Up, 1 Leaving; 1 unreachable)\n", run.Out);
    }

    [Fact]
    public async Task Status_and_leader_are_one_line_each()
    {
        await using var server = await CannedServer.StartAsync();
        Assert.Equal($"{Node1} Up\n", (await CliRun.RunAsync(server.Address, "cluster", "status")).Out);
        Assert.Equal($"{Node1}\n", (await CliRun.RunAsync(server.Address, "cluster", "leader")).Out);

        server.On("GET", "/v1/admin/cluster", 200, ClusterWithTrouble);
        Assert.Equal("(none)\n", (await CliRun.RunAsync(server.Address, "cluster", "leader")).Out);
    }

    [Fact]
    public async Task Changes_need_the_token_when_the_server_has_one()
    {
        await using var server = await CannedServer.StartAsync(token: "s3cret");
        var denied = await CliRun.RunAsync(server.Address, "cluster", "down", Node2);
        Assert.Equal(ExitCodes.ServerError, denied.ExitCode);
        Assert.Equal("akkakv: a valid bearer token is required (give --token or set AKKAKV_TOKEN)\n", denied.Error);
        Assert.Equal("", denied.Out);

        var allowed = await CliRun.RunAsync(server.Address, "cluster", "down", Node2, "--token", "s3cret");
        Assert.Equal(0, allowed.ExitCode);
        Assert.Equal($"downed {Node2}\n", allowed.Out);
        var request = server.Requests.Last();
        Assert.Equal("Bearer s3cret", request.Authorization);
        Assert.Equal($$"""{"address":"{{Node2}}"}""", request.Body);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
    }

    [Fact]
    public async Task A_wrong_token_is_reported_without_the_hint()
    {
        await using var server = await CannedServer.StartAsync(token: "s3cret");
        var run = await CliRun.RunAsync(server.Address, "cluster", "leave", "--token", "wrong");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: a valid bearer token is required\n", run.Error);
    }

    [Fact]
    public async Task The_token_can_come_from_AKKAKV_TOKEN()
    {
        await using var server = await CannedServer.StartAsync(token: "s3cret");
        var run = await CliRun.RunAsync([server.Address, "cluster", "leave"], stdin: null, name => name == "AKKAKV_TOKEN" ? "s3cret" : null);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"leaving {Node1}\n", run.Out);
        Assert.Equal("{}", server.Requests.Last().Body);
    }

    [Fact]
    public async Task Join_and_down_unreachable_post_as_the_protocol_says()
    {
        await using var server = await CannedServer.StartAsync();
        var join = await CliRun.RunAsync(server.Address, "cluster", "join", "akka.tcp://akkakv@10.0.0.5:4053");
        Assert.Equal("joining akka.tcp://akkakv@10.0.0.5:4053\n", join.Out);
        Assert.Equal("""{"address":"akka.tcp://akkakv@10.0.0.5:4053"}""", server.Requests.Last().Body);

        var downed = await CliRun.RunAsync(server.Address, "cluster", "down-unreachable");
        Assert.Equal($"downed {Node2}\n", downed.Out);
        Assert.Equal("POST /v1/admin/cluster/down-unreachable", $"{server.Requests.Last().Method} {server.Requests.Last().RawTarget}");

        server.On("POST", "/v1/admin/cluster/down-unreachable", 202, """{"downed": []}""");
        Assert.Equal("no unreachable members\n", (await CliRun.RunAsync(server.Address, "cluster", "down-unreachable")).Out);
    }

    [Fact]
    public async Task Tail_prints_a_line_per_event_until_the_server_ends_the_stream()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/cluster/events", context => WriteEvents(context,
            Event("MemberUp", Node1, "Up", snapshot: true), Event("MemberJoined", Node2, "Joining", snapshot: false)));

        var run = await CliRun.RunAsync(server.Address, "cluster", "tail");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
             2026-11-26T17:00:01.123+00:00 MemberUp          {Node1} Up (snapshot)
             2026-11-26T17:00:01.123+00:00 MemberJoined      {Node2} Joining

             """.ReplaceLineEndings("\n"),
            run.Out);

        var json = await CliRun.RunAsync(server.Address, "cluster", "tail", "--json");
        var lines = json.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public async Task Tail_stops_with_exit_0_on_ctrl_c()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/cluster/events", async context =>
        {
            await WriteEvents(context, Event("MemberUp", Node1, "Up", snapshot: true));
            // Quiet cluster: nothing more until the client goes away.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        var stdout = new StringWriter();
        var console = new CliConsole { Out = TextWriter.Synchronized(stdout), Error = new StringWriter() };
        var running = new CliApp(console).RunAsync([server.Address, "cluster", "tail"]);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!stdout.ToString().Contains("MemberUp", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(console.Interrupts.Interrupt(), "the tail was running");
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Contains($"MemberUp          {Node1} Up (snapshot)", stdout.ToString());
    }

    private static async Task WriteEvents(HttpContext context, params string[] lines)
    {
        context.Response.ContentType = "application/x-ndjson";
        foreach (var line in lines)
        {
            await context.Response.WriteAsync(line + "\n");
            await context.Response.Body.FlushAsync();
        }
    }

    private static string Single(CannedServer server) => $"{server.Requests.Single().Method} {server.Requests.Single().RawTarget}";
}
