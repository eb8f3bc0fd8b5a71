using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AkkaKv.Management;

/// <summary>The cluster palette: membership (show/status/leader) and the commands that change it (join, leave, down,
/// down-unreachable). The changes only ask Akka.Cluster to act; they answer 202 at once, as the change completes
/// through gossip (watch it with GET /v1/admin/cluster or the event stream).</summary>
public static class ClusterAdminEndpoints
{
    public static void Map(IEndpointRouteBuilder admin, RouteGroupBuilder changes)
    {
        admin.MapGet("/cluster", Show);
        admin.MapGet("/cluster/events", ClusterEventStream.StreamAsync);
        changes.MapPost("/cluster/join", Join);
        changes.MapPost("/cluster/leave", Leave);
        changes.MapPost("/cluster/down", Down);
        changes.MapPost("/cluster/down-unreachable", DownUnreachable);
    }

    private static Task Show(HttpContext context, ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var state = cluster.State;
        var members = state.Members
            .Select(m => new ClusterMemberResponse(m.Address.ToString(), m.Status.ToString(), Roles(m), !state.Unreachable.Contains(m)))
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .ToList();
        var unreachable = state.Unreachable.Select(m => m.Address.ToString()).Order(StringComparer.Ordinal).ToList();
        var response = new ClusterShowResponse(cluster.SelfAddress.ToString(), cluster.SelfMember.Status.ToString(), state.Leader?.ToString(), members, unreachable);
        return JsonResponse.WriteAsync(context, response, ManagementJsonContext.Default.ClusterShowResponse);
    }

    private static async Task Join(HttpContext context, ActorSystem system)
    {
        if (await ReadMember(context) is not { } request)
        {
            return;
        }

        if (request.Address is null || MemberLookup.ParseAddress(request.Address) is not { } address)
        {
            await AdminErrors.InvalidParameter(context, $"join needs a full member address like akka.tcp://akkakv@10.0.0.5:4053, not '{request.Address}'");
            return;
        }

        Cluster.Get(system).Join(address);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await JsonResponse.WriteAsync(context, new JoiningResponse(address.ToString()), ManagementJsonContext.Default.JoiningResponse);
    }

    private static async Task Leave(HttpContext context, ActorSystem system)
    {
        if (await ReadMember(context) is not { } request)
        {
            return;
        }

        var cluster = Cluster.Get(system);
        var address = cluster.SelfAddress;
        if (request.Address is { Length: > 0 } named)
        {
            if (MemberLookup.Find(cluster.State, named, out var error) is not { } member)
            {
                await AdminErrors.NotFound(context, error!);
                return;
            }

            address = member.Address;
        }

        cluster.Leave(address);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await JsonResponse.WriteAsync(context, new LeavingResponse(address.ToString()), ManagementJsonContext.Default.LeavingResponse);
    }

    private static async Task Down(HttpContext context, ActorSystem system)
    {
        if (await ReadMember(context) is not { } request)
        {
            return;
        }

        var cluster = Cluster.Get(system);
        if (request.Address is not { Length: > 0 } named)
        {
            await AdminErrors.InvalidParameter(context, "down needs the address of the member to down");
            return;
        }

        if (MemberLookup.Find(cluster.State, named, out var error) is not { } member)
        {
            await AdminErrors.NotFound(context, error!);
            return;
        }

        cluster.Down(member.Address);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        await JsonResponse.WriteAsync(context, new DownedResponse(member.Address.ToString()), ManagementJsonContext.Default.DownedResponse);
    }

    private static Task DownUnreachable(HttpContext context, ActorSystem system)
    {
        var cluster = Cluster.Get(system);
        var downed = new List<string>();
        foreach (var member in cluster.State.Unreachable)
        {
            cluster.Down(member.Address);
            downed.Add(member.Address.ToString());
        }

        downed.Sort(StringComparer.Ordinal);
        context.Response.StatusCode = StatusCodes.Status202Accepted;
        return JsonResponse.WriteAsync(context, new DownedManyResponse(downed), ManagementJsonContext.Default.DownedManyResponse);
    }

    /// <summary>The request body ({} or {"address": …}); an empty body counts as {}. Malformed JSON is answered 400.</summary>
    private static async Task<MemberRequest?> ReadMember(HttpContext context)
    {
        var (ok, request) = await AdminRequest.ReadJsonAsync(context, ManagementJsonContext.Default.MemberRequest, "{\"address\": \"akka.tcp://akkakv@host:port\"}");
        return ok ? request ?? new MemberRequest(null) : null;
    }

    internal static IReadOnlyList<string> Roles(Member member) => [.. member.Roles.Order(StringComparer.Ordinal)];
}
