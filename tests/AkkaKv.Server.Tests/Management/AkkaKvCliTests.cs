using System.Diagnostics;
using System.Text.Json;
using AkkaKv.Server.Tests.Resp;

namespace AkkaKv.Server.Tests.Management;

/// <summary>The <c>akkakv</c> command line against a real lighthouse and two nodes, as an operator uses it: tables and
/// <c>--json</c>, data through one node read back through another, the token on changes, the REPL over stdin, and
/// the exit codes a script relies on.</summary>
[Trait("Category", "Cluster")]
[Collection(ManagedClusterCollection.Name)]
public sealed class AkkaKvCliTests(ManagedCluster cluster)
{
    private string Lighthouse => ManagedCluster.Target(cluster.Lighthouse.ManagementPort);

    private string NodeA => ManagedCluster.Target(cluster.Nodes[0].ManagementPort);

    private string NodeB => ManagedCluster.Target(cluster.Nodes[1].ManagementPort);

    [Fact]
    public async Task Cluster_show_lists_the_three_members_as_a_table_and_as_json()
    {
        var table = await AkkaKvCli.RunAsync(Lighthouse, "cluster", "show");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains(cluster.Lighthouse.Address, table.StandardOutput, StringComparison.Ordinal);
        var lines = table.StandardOutput.Split('\n');
        Assert.Equal(3, lines.Count(line => line.Contains("akka.tcp://akkakv@127.0.0.1:", StringComparison.Ordinal)));
        Assert.Contains(lines, line => line.Contains("lighthouse", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("Count: 3", StringComparison.Ordinal));

        var json = await AkkaKvCli.RunAsync(NodeB, "cluster", "show", "--json");
        Assert.Equal(0, json.ExitCode);
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal(3, document.RootElement.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public async Task Cluster_leader_and_status_answer_in_one_line()
    {
        var leader = await AkkaKvCli.RunAsync(NodeA, "cluster", "leader");
        Assert.Equal(0, leader.ExitCode);
        Assert.StartsWith("akka.tcp://akkakv@127.0.0.1:", leader.StandardOutput.Trim(), StringComparison.Ordinal);

        var status = await AkkaKvCli.RunAsync(NodeA, "cluster", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Contains("Up", status.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_put_through_one_node_is_read_through_the_other()
    {
        var put = await AkkaKvCli.RunAsync(NodeA, "kv", "put", "cli/greeting", "hello from the cli");
        Assert.Equal(0, put.ExitCode);

        var get = await AkkaKvCli.RunAsync(NodeB, "kv", "get", "cli/greeting");
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("hello from the cli", get.StandardOutput, StringComparison.Ordinal);

        var json = await AkkaKvCli.RunAsync(NodeB, "kv", "get", "cli/greeting", "--json");
        using var document = JsonDocument.Parse(json.StandardOutput);
        Assert.Equal("hello from the cli", document.RootElement.GetProperty("value").GetString());

        var missing = await AkkaKvCli.RunAsync(NodeB, "kv", "get", "cli/never-written");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("not found", missing.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(missing);
    }

    [Fact]
    public async Task Shard_stats_mark_the_coordinator_and_slots_spread_over_both_nodes()
    {
        var stats = await AkkaKvCli.RunAsync(NodeB, "cluster-sharding", "shard-stats", "-r", "kv", "--json");
        Assert.Equal(0, stats.ExitCode);
        using (var document = JsonDocument.Parse(stats.StandardOutput))
        {
            var root = document.RootElement;
            // The first node started is the oldest kv member, so the shard coordinator (a singleton) runs there.
            Assert.Equal(cluster.NodeAddresses[0], root.GetProperty("coordinator").GetString());
            Assert.Equal(2, root.GetProperty("regions").GetArrayLength());
            Assert.Equal(128, root.GetProperty("regions").EnumerateArray().Sum(r => r.GetProperty("shards").GetArrayLength()));
        }

        var table = await AkkaKvCli.RunAsync(NodeB, "cluster-sharding", "shard-stats", "-r", "kv");
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("coordinator", table.StandardOutput, StringComparison.OrdinalIgnoreCase);

        var byNode = await AkkaKvCli.RunAsync(NodeA, "slots", "--by-node");
        Assert.Equal(0, byNode.ExitCode);
        Assert.Contains(cluster.NodeAddresses[0], byNode.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(cluster.NodeAddresses[1], byNode.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_set_needs_the_token_and_config_get_shows_the_change()
    {
        var refused = await AkkaKvCli.RunAsync(NodeB, "config", "set", "maxmemory-policy", "allkeys-lfu");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("token", refused.StandardError, StringComparison.Ordinal);
        AssertNoStackTrace(refused);

        var set = await AkkaKvCli.RunAsync(NodeB, "config", "set", "maxmemory-policy", "allkeys-lfu", "--token", ManagedCluster.Token);
        Assert.Equal(0, set.ExitCode);
        var get = await AkkaKvCli.RunAsync(NodeB, "config", "get", "maxmemory-policy");
        Assert.Equal(0, get.ExitCode);
        Assert.Contains("allkeys-lfu", get.StandardOutput, StringComparison.Ordinal);

        var reset = await AkkaKvCli.RunAsync(NodeB, "config", "set", "maxmemory-policy", "allkeys-lru", "--token", ManagedCluster.Token);
        Assert.Equal(0, reset.ExitCode);
    }

    [Fact]
    public async Task The_repl_runs_commands_from_stdin_survives_a_bad_one_and_exits()
    {
        var session = await AkkaKvCli.RunWithInputAsync("cluster show\nno-such-command\ncluster leader\nexit\n", Lighthouse);

        // Fed from a pipe, the shell's exit code is the last failure's: the unknown command, a usage error.
        Assert.Equal(2, session.ExitCode);
        Assert.Contains(cluster.NodeAddresses[1], session.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no-such-command", session.StandardOutput + session.StandardError, StringComparison.Ordinal);
        // The command after the bad one still ran: the leader's address is printed on a line of its own.
        Assert.Contains(session.StandardOutput.Split('\n'), line => line.Trim().StartsWith("akka.tcp://", StringComparison.Ordinal) && !line.Contains('|', StringComparison.Ordinal));
        AssertNoStackTrace(session);
    }

    [Fact]
    public async Task Bad_usage_and_an_unreachable_address_fail_fast_with_one_line_and_their_exit_codes()
    {
        var unknown = await AkkaKvCli.RunAsync(NodeA, "cluster", "explode");
        Assert.Equal(2, unknown.ExitCode);
        AssertNoStackTrace(unknown);

        var closedPort = AkkaKv.TestSupport.FreePort.Next();
        var timer = Stopwatch.StartNew();
        var unreachable = await AkkaKvCli.RunAsync($"127.0.0.1:{closedPort}", "cluster", "show");
        timer.Stop();

        Assert.Equal(3, unreachable.ExitCode);
        Assert.Contains($"127.0.0.1:{closedPort}", unreachable.StandardError, StringComparison.Ordinal);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(10), $"took {timer.Elapsed}");
        AssertNoStackTrace(unreachable);
    }

    private static void AssertNoStackTrace(CommandLineTool.Result result) =>
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
}
