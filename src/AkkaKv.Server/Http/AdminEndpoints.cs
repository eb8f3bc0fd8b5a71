using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Management;
using AkkaKv.Resp.Execution;

namespace AkkaKv.Server.Http;

/// <summary>A node's own management routes, beside the cluster and sharding ones every member serves: the slot map,
/// the node's counters, and its runtime settings (<c>akkakv slots</c>, <c>stats</c>, <c>config get/set</c>).</summary>
public static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder changes)
    {
        reads.MapGet("/slots", Slots);
        reads.MapGet("/stats", Stats);
        reads.MapGet("/config", GetConfig);
        changes.MapPut("/config/{name}", SetConfig);
    }

    private static async Task Slots(HttpContext context, IRequiredActor<KeyspaceCoordinator> coordinator)
    {
        var view = await KeyspaceViews.AskAsync(coordinator, context.RequestAborted);
        if (view is null)
        {
            await AdminErrors.Unavailable(context, $"the keyspace coordinator did not answer within {KeyspaceViews.Timeout.TotalSeconds:0} s (it may be moving to another node); retry");
            return;
        }

        if (view.Config is not { } config)
        {
            await AdminErrors.Unavailable(context, "no node has registered the keyspace yet (the cluster is starting); retry");
            return;
        }

        var slots = view.Slots.Select(s => new SlotMapEntry(s.Slot, s.Owner, s.Keys, s.Bytes, s.Revision)).ToList();
        await JsonResponse.WriteAsync(context, new SlotsResponse(config.SlotCount, config.ShardCount, config.Mode, slots), ApiJsonContext.Default.SlotsResponse);
    }

    private static Task Stats(HttpContext context, ActorSystem system, AkkaKvSettings settings, RespNode resp)
    {
        var slots = LocalSlots.For(system);
        long keys = 0;
        var local = 0;
        for (var slot = 0; slot < slots.SlotCount; slot++)
        {
            if (slots.Find(slot) is { } owned)
            {
                local++;
                keys += owned.State.Count;
            }
        }

        using var process = Process.GetCurrentProcess();
        var response = new StatsResponse(
            Akka.Cluster.Cluster.Get(system).SelfAddress.ToString(),
            settings.Mode.ToString(),
            Math.Round((DateTime.Now - process.StartTime).TotalSeconds, 1),
            keys,
            local,
            new RespStats(resp.Clients.Count, resp.ConnectionsReceived, resp.CommandsProcessed),
            new MemoryStats(GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)]),
            BudgetStats.Of(slots.Memory),
            ReplicationStats.Of(AkkaKv.Actors.Replication.NodeReplication.For(system)),
            ForwardingStats.Of(AkkaKv.Actors.Forwarding.SlotForwarding.For(system), settings.Cluster.Forwarding));
        return JsonResponse.WriteAsync(context, response, ApiJsonContext.Default.StatsResponse);
    }

    private static Task GetConfig(HttpContext context, RuntimeConfig config)
    {
        var settings = RuntimeConfig.Names.Select(name => new ConfigSetting(name, config.Get(name)!, Writable: true)).ToList();
        return JsonResponse.WriteAsync(context, new ConfigResponse(settings), ApiJsonContext.Default.ConfigResponse);
    }

    private static async Task SetConfig(HttpContext context, string name, RuntimeConfig config)
    {
        const string example = "{\"value\": \"allkeys-lru\"}";
        var (ok, request) = await AdminRequest.ReadJsonAsync(context, ApiJsonContext.Default.ConfigSetRequest, example);
        if (!ok)
        {
            return;
        }

        if (request?.Value is not { } value)
        {
            await AdminRequest.MalformedAsync(context, example);
            return;
        }

        switch (config.Check(name, value))
        {
            case ConfigRejection.UnknownName:
                await AdminErrors.NotFound(context, $"no setting '{name}'; settable: {string.Join(", ", RuntimeConfig.Names)}");
                return;
            case ConfigRejection.BadValue:
                await AdminErrors.InvalidParameter(context, $"'{value}' is not a valid {name.ToLowerInvariant()}: expected {RuntimeConfig.Expected(name)}");
                return;
        }

        config.Set(name, value);
        var canonical = name.ToLowerInvariant();
        await JsonResponse.WriteAsync(context, new ConfigValueResponse(canonical, config.Get(canonical)!), ApiJsonContext.Default.ConfigValueResponse);
    }
}
