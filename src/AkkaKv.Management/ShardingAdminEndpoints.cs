using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;

namespace AkkaKv.Management;

/// <summary>The cluster-sharding palette: the regions on this member, the shards it hosts, and the shards of every
/// region in the cluster with the coordinator's member marked.</summary>
public static class ShardingAdminEndpoints
{
    /// <summary>The short name of the slot region (its type name carries the keyspace's shape; see <see cref="SlotRegion"/>).</summary>
    public const string SlotRegionAlias = AkkaConfiguration.KvRole;

    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder admin)
    {
        admin.MapGet("/sharding/regions", Regions);
        admin.MapGet("/sharding/region-stats", RegionStats);
        admin.MapGet("/sharding/shard-stats", ShardStats);
    }

    private static Task Regions(HttpContext context, ActorSystem system)
    {
        var regions = TypeNames(system)
            .Order(StringComparer.Ordinal)
            .Select(name => new RegionResponse(name, AliasOf(system, name)))
            .ToList();
        return JsonResponse.WriteAsync(context, new RegionsResponse(regions), ManagementJsonContext.Default.RegionsResponse);
    }

    private static async Task RegionStats(HttpContext context, ActorSystem system)
    {
        if (await ResolveRegion(context, system) is not { } typeName)
        {
            return;
        }

        ShardRegionStats stats;
        try
        {
            stats = await ClusterSharding.Get(system).ShardRegion(typeName)
                .Ask<ShardRegionStats>(GetShardRegionStats.Instance, AskTimeout, context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            await AdminErrors.Unavailable(context, $"the shard region did not answer within {AskTimeout.TotalSeconds:0} s; retry");
            return;
        }

        var address = Cluster.Get(system).SelfAddress.ToString();
        await JsonResponse.WriteAsync(context, new RegionStatsResponse(typeName, address, Shards(stats)), ManagementJsonContext.Default.RegionStatsResponse);
    }

    private static async Task ShardStats(HttpContext context, ActorSystem system)
    {
        if (await ResolveRegion(context, system) is not { } typeName)
        {
            return;
        }

        // Each region is asked with this timeout; regions that do not answer in time are left out by Akka.
        ClusterShardingStats stats;
        try
        {
            stats = await ClusterSharding.Get(system).ShardRegion(typeName)
                .Ask<ClusterShardingStats>(new GetClusterShardingStats(AskTimeout), AskTimeout + TimeSpan.FromSeconds(1), context.RequestAborted);
        }
        catch (AskTimeoutException)
        {
            await AdminErrors.Unavailable(context, $"the shard coordinator did not answer within {AskTimeout.TotalSeconds + 1:0} s (it may be moving); retry");
            return;
        }
        var regions = stats.Regions
            .Select(r => new RegionShardsResponse(r.Key.ToString(), Shards(r.Value)))
            .OrderBy(r => r.Address, StringComparer.Ordinal)
            .ToList();
        var failed = stats.Regions.SelectMany(r => r.Value.Failed).Order(ShardIdOrder.Instance).ToList();
        var response = new ShardStatsResponse(typeName, CoordinatorAddress(system), regions, failed);
        await JsonResponse.WriteAsync(context, response, ManagementJsonContext.Default.ShardStatsResponse);
    }

    /// <summary>The region the query names (<c>?region=kv</c> by default), or null after answering 404.</summary>
    private static async Task<string?> ResolveRegion(HttpContext context, ActorSystem system)
    {
        var named = context.Request.Query["region"].ToString();
        named = named.Length == 0 ? SlotRegionAlias : named;
        var typeName = TypeNames(system).FirstOrDefault(name => name == named || AliasOf(system, name) == named);
        if (typeName is null)
        {
            await AdminErrors.NotFound(context, $"no shard region '{named}' on this member (see cluster-sharding regions)");
        }

        return typeName;
    }

    /// <summary>Regions started on this member. A lighthouse never starts sharding, and asking would start it.</summary>
    private static IEnumerable<string> TypeNames(ActorSystem system) =>
        system.HasExtension<ClusterSharding>() ? ClusterSharding.Get(system).ShardTypeNames : [];

    private static string AliasOf(ActorSystem system, string typeName) =>
        system.Settings.Config.HasPath(SlotRegion.NamePath) && typeName == SlotRegion.NameOf(system) ? SlotRegionAlias : typeName;

    /// <summary>Where the shard coordinator runs: a cluster singleton, so on the oldest Up member with the region's role.</summary>
    private static string? CoordinatorAddress(ActorSystem system) =>
        Cluster.Get(system).State.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(AkkaConfiguration.KvRole))
            .OrderBy(m => m, Member.AgeOrdering)
            .FirstOrDefault()?.Address.ToString();

    private static List<ShardCount> Shards(ShardRegionStats stats) =>
        [.. stats.Stats.Select(s => new ShardCount(s.Key, s.Value)).OrderBy(s => s.ShardId, ShardIdOrder.Instance)];

    /// <summary>Shard ids are numbers here (slot mod shard count): sorted as numbers, then as text.</summary>
    private sealed class ShardIdOrder : IComparer<string>
    {
        public static readonly ShardIdOrder Instance = new();

        public int Compare(string? x, string? y) =>
            int.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a) && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(x, y);
    }
}
