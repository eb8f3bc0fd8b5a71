using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Commands;

/// <summary><c>cluster-sharding regions|region-stats|shard-stats</c>, as pbm's, over <c>/v1/admin/sharding</c>.</summary>
public static class ShardingCommands
{
    public static Command Build(CommandRunner runner)
    {
        var sharding = new Command("cluster-sharding", "Shard regions, and the shards and entities they host");
        sharding.Add(runner.Bind(new Command("regions", "The shard regions on the target member"), RegionsAsync));

        var regionStatsRegion = RegionOption();
        var regionStats = new Command("region-stats", "Shards hosted by the target member, with their entity counts") { regionStatsRegion };
        sharding.Add(runner.Bind(regionStats, (c, ct) => RegionStatsAsync(c, c.Value(regionStatsRegion)!, ct)));

        var shardStatsRegion = RegionOption();
        var shardStats = new Command("shard-stats", "Shards across the cluster, per member; the coordinator's member is marked") { shardStatsRegion };
        sharding.Add(runner.Bind(shardStats, (c, ct) => ShardStatsAsync(c, c.Value(shardStatsRegion)!, ct)));
        return sharding;
    }

    /// <summary>One per command: System.CommandLine gives an option one parent.</summary>
    private static Option<string> RegionOption() => new("--region", "-r")
    {
        Description = "The region's alias or type name",
        HelpName = "name",
        DefaultValueFactory = _ => "kv",
    };

    private static async Task<int> RegionsAsync(CommandContext c, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/sharding/regions", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var table = new Table("alias", "type name");
        foreach (var region in reply.Root.Array("regions"))
        {
            table.AddRow(region.Display("alias"), region.Display("typeName"));
        }

        table.Write(c.Out, c.Ansi);
        await c.Out.WriteLineAsync($"Count: {Plural(table.RowCount, "region")}");
        return ExitCodes.Ok;
    }

    private static async Task<int> RegionStatsAsync(CommandContext c, string region, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync($"/v1/admin/sharding/region-stats?region={Uri.EscapeDataString(region)}", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        await c.Out.WriteLineAsync($"Region: {reply.Root.Display("region")} on {reply.Root.Display("address")}");
        var table = new Table("shard", "entities").AlignRight(0, 1);
        long entities = 0;
        foreach (var shard in reply.Root.Array("shards"))
        {
            entities += shard.NumberOf("entities") ?? 0;
            table.AddRow(shard.Display("shardId"), shard.Display("entities"));
        }

        table.Write(c.Out, c.Ansi);
        await c.Out.WriteLineAsync($"Count: {Plural(table.RowCount, "shard")}, {Plural(entities, "entity", "entities")}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ShardStatsAsync(CommandContext c, string region, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync($"/v1/admin/sharding/shard-stats?region={Uri.EscapeDataString(region)}", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var root = reply.Root;
        var coordinator = root.TextOf("coordinator");
        await c.Out.WriteLineAsync($"Region: {root.Display("region")}");

        var table = new Table("address", "shards", "entities").AlignRight(1, 2);
        long shards = 0, entities = 0;
        var coordinatorListed = false;
        foreach (var member in root.Array("regions"))
        {
            var address = member.Display("address");
            var memberShards = member.Array("shards").ToList();
            var memberEntities = memberShards.Sum(s => s.NumberOf("entities") ?? 0);
            shards += memberShards.Count;
            entities += memberEntities;
            var isCoordinator = address == coordinator;
            coordinatorListed |= isCoordinator;
            table.AddRow(
                isCoordinator ? $"{address} (coordinator)" : address,
                memberShards.Count.ToString(CultureInfo.InvariantCulture),
                memberEntities.ToString(CultureInfo.InvariantCulture));
        }

        table.Write(c.Out, c.Ansi);
        await c.Out.WriteLineAsync($"Count: {Plural(shards, "shard")}, {Plural(entities, "entity", "entities")} on {Plural(table.RowCount, "member")}");
        if (!coordinatorListed)
        {
            await c.Out.WriteLineAsync($"Coordinator: {coordinator ?? "unknown"}");
        }

        var failed = root.Array("failed").Select(f => f.Display()).ToList();
        if (failed.Count > 0)
        {
            await c.Out.WriteLineAsync($"Did not answer in time: {string.Join(", ", failed)}");
        }

        return ExitCodes.Ok;
    }

    internal static string Plural(long count, string one, string? many = null) =>
        $"{count} {(count == 1 ? one : many ?? one + "s")}";
}
