using System.CommandLine;
using System.Text.Json;
using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Commands;

/// <summary><c>cluster show|status|leader|join|leave|down|down-unreachable|tail</c>: membership, as pbm's
/// <c>cluster</c> commands, over <c>/v1/admin/cluster</c>.</summary>
public static class ClusterCommands
{
    /// <summary>Akka's member statuses in lifecycle order, for the count line.</summary>
    private static readonly string[] StatusOrder = ["Joining", "WeaklyUp", "Up", "Leaving", "Exiting", "Down", "Removed"];

    public static Command Build(CommandRunner runner)
    {
        var cluster = new Command("cluster", "Cluster membership as the target member sees it, and changes to it");
        cluster.Add(runner.Bind(new Command("show", "List the members: address, roles, status, reachability"), ShowAsync));
        cluster.Add(runner.Bind(new Command("status", "The target member's own address and status"), StatusAsync));
        cluster.Add(runner.Bind(new Command("leader", "The leader's address, or (none) while there is none"), LeaderAsync));

        var joinAddress = new Argument<string>("address") { Description = "A member of the cluster to join: akka.tcp://akkakv@host:port" };
        var join = new Command("join", "Make the target member join the cluster of another member") { joinAddress };
        cluster.Add(runner.Bind(join, (c, ct) => ChangeAsync(c, "join", JsonBody.Of(("address", c.Value(joinAddress))), "joining", ct)));

        var leaveAddress = new Argument<string?>("address") { Description = "The member to leave [default: the target member]", Arity = ArgumentArity.ZeroOrOne };
        var leave = new Command("leave", "Gracefully remove a member: its shards hand off, then it exits") { leaveAddress };
        cluster.Add(runner.Bind(leave, (c, ct) => ChangeAsync(c, "leave", JsonBody.Of(("address", c.Value(leaveAddress))), "leaving", ct)));

        var downAddress = new Argument<string>("address") { Description = "The member to mark down (akka.tcp://... or host:port)" };
        var down = new Command("down", "Mark a member that is gone for good as down") { downAddress };
        cluster.Add(runner.Bind(down, (c, ct) => ChangeAsync(c, "down", JsonBody.Of(("address", c.Value(downAddress))), "downed", ct)));

        cluster.Add(runner.Bind(new Command("down-unreachable", "Mark every member the target sees as unreachable as down"), DownUnreachableAsync));
        cluster.Add(runner.Bind(new Command("tail", "Print membership events as they happen, until Ctrl-C"), TailAsync));
        return cluster;
    }

    private static async Task<int> ShowAsync(CommandContext c, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/cluster", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var table = new Table("address", "roles", "status", "reachable");
        var members = reply.Root.Array("members").ToList();
        foreach (var member in members)
        {
            var reachable = member.Get("reachable").ValueKind != JsonValueKind.False;
            table.AddRow(member.Display("address"), member.Display("roles"), member.Display("status"), reachable ? "yes" : "no");
        }

        table.Write(c.Out, c.Ansi);
        await c.Out.WriteLineAsync(CountLine(members));
        return ExitCodes.Ok;
    }

    /// <summary><c>Count: 3 members (2 Up, 1 Leaving; 1 unreachable)</c>.</summary>
    public static string CountLine(IReadOnlyCollection<JsonElement> members)
    {
        var byStatus = members.GroupBy(m => m.Display("status"))
            .OrderBy(g => Array.IndexOf(StatusOrder, g.Key) is var i and >= 0 ? i : StatusOrder.Length)
            .Select(g => $"{g.Count()} {g.Key}");
        var unreachable = members.Count(m => m.Get("reachable").ValueKind == JsonValueKind.False);
        var detail = string.Join(", ", byStatus) + (unreachable > 0 ? $"; {unreachable} unreachable" : "");
        var noun = members.Count == 1 ? "member" : "members";
        return members.Count == 0 ? "Count: 0 members" : $"Count: {members.Count} {noun} ({detail})";
    }

    private static async Task<int> StatusAsync(CommandContext c, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/cluster", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        await c.Out.WriteLineAsync($"{reply.Root.Display("self")} {reply.Root.Display("selfStatus")}");
        return ExitCodes.Ok;
    }

    private static async Task<int> LeaderAsync(CommandContext c, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/cluster", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        await c.Out.WriteLineAsync(reply.Root.TextOf("leader") ?? "(none)");
        return ExitCodes.Ok;
    }

    /// <summary>join, leave, down: a POST whose 202 body names the member in one property (<c>{"joining": ...}</c>).</summary>
    private static async Task<int> ChangeAsync(CommandContext c, string verb, string body, string resultProperty, CancellationToken ct)
    {
        var reply = await c.Client.PostJsonAsync($"/v1/admin/cluster/{verb}", body, ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        await c.Out.WriteLineAsync($"{resultProperty} {reply.Root.Display(resultProperty)}");
        return ExitCodes.Ok;
    }

    private static async Task<int> DownUnreachableAsync(CommandContext c, CancellationToken ct)
    {
        var reply = await c.Client.PostJsonAsync("/v1/admin/cluster/down-unreachable", "{}", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var downed = reply.Root.Array("downed").Select(a => a.Display()).ToList();
        if (downed.Count == 0)
        {
            await c.Out.WriteLineAsync("no unreachable members");
        }

        foreach (var address in downed)
        {
            await c.Out.WriteLineAsync($"downed {address}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Runs until the server ends the stream or Ctrl-C; both are a normal end (exit 0).</summary>
    private static async Task<int> TailAsync(CommandContext c, CancellationToken ct)
    {
        try
        {
            await foreach (var line in c.Client.StreamLinesAsync("/v1/admin/cluster/events", ct))
            {
                await c.Out.WriteLineAsync(c.Json ? line : EventLine(line));
                await c.Out.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl-C: what a tail is for.
        }

        return ExitCodes.Ok;
    }

    /// <summary><c>time event address status</c>; the lines that describe the state at connect time are marked, so
    /// that they are not mistaken for things that just happened.</summary>
    public static string EventLine(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var e = doc.RootElement;
            var snapshot = e.Get("snapshot").ValueKind == JsonValueKind.True ? " (snapshot)" : "";
            return $"{e.Display("time")} {e.Display("event"),-17} {e.Display("address")} {e.Display("status")}{snapshot}";
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
