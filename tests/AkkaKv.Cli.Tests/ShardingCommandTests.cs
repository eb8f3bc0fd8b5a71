using AkkaKv.Cli.Tests.Support;
using static AkkaKv.Cli.Tests.Support.ProtocolSamples;

namespace AkkaKv.Cli.Tests;

public class ShardingCommandTests
{
    [Fact]
    public async Task Regions_lists_alias_and_type_name()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "cluster-sharding", "regions");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("ALIAS | TYPE NAME\nkv    | slots-1024-128-store\nCount: 1 region\n", run.Out);
    }

    [Fact]
    public async Task Region_stats_asks_for_the_region_given_and_sums_the_entities()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "cluster-sharding", "region-stats", "-r", "slots-1024-128-store");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"Region: slots-1024-128-store on {Node1}\nSHARD | ENTITIES\n    2 |        8\n   12 |        7\nCount: 2 shards, 15 entities\n",
            run.Out);
        Assert.Equal("/v1/admin/sharding/region-stats?region=slots-1024-128-store", server.Requests.Last().RawTarget);

        await CliRun.RunAsync(server.Address, "cluster-sharding", "region-stats");
        Assert.Equal("/v1/admin/sharding/region-stats?region=kv", server.Requests.Last().RawTarget);
    }

    [Fact]
    public async Task Shard_stats_marks_the_coordinator_and_names_the_shards_that_did_not_answer()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "cluster-sharding", "shard-stats", "--region", "kv");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
             Region: slots-1024-128-store
             ADDRESS                                        | SHARDS | ENTITIES
             {Node1}               |      2 |       16
             {Node2} (coordinator) |      1 |        6
             Count: 3 shards, 22 entities on 2 members
             Did not answer in time: 17

             """.ReplaceLineEndings("\n"),
            run.Out);
    }

    [Fact]
    public async Task An_unknown_region_is_the_servers_not_found()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/sharding/region-stats", 404, Error("not_found", "no shard region nope on this member"));
        var run = await CliRun.RunAsync(server.Address, "cluster-sharding", "region-stats", "-r", "nope");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: no shard region nope on this member\n", run.Error);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Slots_prints_one_row_per_slot_and_a_summary()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "slots");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
             SLOT | OWNER                            | KEYS | BYTES | REVISION
                0 | {Node1} |   12 |  2048 |       17
                1 | {Node2} |    3 |   100 |        4
                2 | {Node1} |    1 |    10 |        1
                3 | (none)                           |    0 |     0 |        0
             Count: 4 slots (3 owned, 1 unowned), 2 shards, mode Store

             """.ReplaceLineEndings("\n"),
            run.Out);
    }

    [Fact]
    public async Task Slots_by_node_sums_per_owner()
    {
        await using var server = await CannedServer.StartAsync();
        var run = await CliRun.RunAsync(server.Address, "slots", "--by-node");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            $"""
             ADDRESS                          | SLOTS | KEYS | BYTES
             {Node1} |     2 |   13 |  2058
             {Node2} |     1 |    3 |   100
             Count: 4 slots (3 owned, 1 unowned), 2 shards, mode Store

             """.ReplaceLineEndings("\n"),
            run.Out);
    }

    [Fact]
    public async Task Slots_when_the_coordinator_does_not_answer_is_a_server_error()
    {
        await using var server = await CannedServer.StartAsync();
        server.On("GET", "/v1/admin/slots", 503, Error("unavailable", "the keyspace coordinator did not answer within 2 s"));
        var run = await CliRun.RunAsync(server.Address, "slots");
        Assert.Equal(ExitCodes.ServerError, run.ExitCode);
        Assert.Equal("akkakv: the keyspace coordinator did not answer within 2 s\n", run.Error);
    }
}
