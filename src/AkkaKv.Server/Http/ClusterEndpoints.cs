using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Coordination;
using AkkaKv.Management;

namespace AkkaKv.Server.Http;

/// <summary>GET /v1/cluster: membership from this node's view of the cluster, the slot map from the keyspace coordinator.</summary>
public static class ClusterEndpoints
{
    public static IEndpointRouteBuilder MapClusterApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/cluster", GetAsync);
        return app;
    }

    private static async Task GetAsync(HttpContext context, ActorSystem system, IRequiredActor<KeyspaceCoordinator> coordinator)
    {
        // Membership is this node's own view and always shown; without the coordinator's answer the slot map is left
        // out, not the whole answer.
        var view = await KeyspaceViews.AskAsync(coordinator, context.RequestAborted) ?? new KeyspaceView(null, 0, []);

        var withSlots = string.Equals(context.Request.Query["slots"], "true", StringComparison.OrdinalIgnoreCase);
        await JsonResponse.WriteAsync(context, ToResponse(Akka.Cluster.Cluster.Get(system), view, withSlots), ApiJsonContext.Default.ClusterResponse);
    }

    private static ClusterResponse ToResponse(Akka.Cluster.Cluster cluster, KeyspaceView view, bool withSlots)
    {
        var state = cluster.State;
        var members = state.Members
            .Select(m => new MemberResponse(m.Address.ToString(), m.Status.ToString(), [.. m.Roles.Order(StringComparer.Ordinal)], !state.Unreachable.Contains(m)))
            .ToList();
        var keyspace = view.Config is { } config
            ? new KeyspaceResponse(config.SlotCount, config.ShardCount, config.Mode, DateTimeOffset.FromUnixTimeMilliseconds(view.BornAtMs))
            : null;
        var byNode = view.Slots
            .Where(s => s.Owner is not null)
            .GroupBy(s => s.Owner!)
            .Select(g => new NodeSlotsResponse(g.Key, g.Count(), g.Sum(s => (long)s.Keys)))
            .OrderBy(n => n.Address, StringComparer.Ordinal)
            .ToList();
        var slots = withSlots ? view.Slots.Select(s => new SlotResponse(s.Slot, s.Owner, s.Keys, s.Revision)).ToList() : null;
        return new ClusterResponse(cluster.SelfAddress.ToString(), members, keyspace, byNode, view.Slots.Count(s => s.Owner is null), slots);
    }
}
