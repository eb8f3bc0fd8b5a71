using System.Diagnostics;
using System.Reflection;
using Akka.Actor;
using Akka.Cluster;
using AkkaKv.Actors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Management;

/// <summary>Wires the management endpoint into a node or a lighthouse: its listener, and the /v1/admin routes.</summary>
public static class ManagementHosting
{
    public static IServiceCollection AddAkkaKvManagement(this IServiceCollection services, ManagementIdentity identity)
    {
        services.AddSingleton(new ManagementEndpoint(identity));
        services.AddHostedService<ManagementStartupLog>();
        return services;
    }

    /// <summary>Listens on AkkaKv:Management:Host/Port (loopback:9110 by default) when enabled.</summary>
    public static void ListenManagement(this KestrelServerOptions kestrel, AkkaKvSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Management.Enabled)
        {
            return;
        }

        var endpoint = kestrel.ApplicationServices.GetRequiredService<ManagementEndpoint>();
        kestrel.Listen(ListenAddress.Parse(settings.Management.Host), settings.Management.Port, listen =>
        {
            endpoint.Options = listen;
            listen.Use(next => connection =>
            {
                connection.Items[ManagementEndpoint.ConnectionMark] = true;
                return next(connection);
            });
        });
    }

    /// <summary>Maps /v1/admin: reads on every listener, and a group for changes, which <see cref="ChangeGuard"/> keeps
    /// to the management listener and its token. Returns both so a node can add its own routes.</summary>
    public static (RouteGroupBuilder Reads, RouteGroupBuilder Changes) MapManagementApi(this IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("/v1/admin");
        var changes = reads.MapGroup(string.Empty).AddEndpointFilter<ChangeGuard>();
        reads.MapGet("/node", NodeInfo);
        ClusterAdminEndpoints.Map(reads, changes);
        ShardingAdminEndpoints.Map(reads);
        return (reads, changes);
    }

    /// <summary>Any other /v1/admin path: a JSON 404 rather than an empty one.</summary>
    public static void MapAdminFallback(this IEndpointRouteBuilder app) =>
        app.MapFallback("/v1/admin/{**rest}", context => AdminErrors.NotFound(context,
            $"no management command at {context.Request.Method} {context.Request.Path} (see src/AkkaKv.Management/README.md)"));

    private static Task NodeInfo(HttpContext context, ActorSystem system, ManagementEndpoint endpoint)
    {
        var cluster = Cluster.Get(system);
        var identity = endpoint.Identity;
        var version = typeof(ManagementHosting).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        using var process = Process.GetCurrentProcess();
        var response = new NodeInfoResponse(
            identity.Kind,
            cluster.SelfAddress.ToString(),
            [.. cluster.SelfRoles.Order(StringComparer.Ordinal)],
            version.Split('+')[0],
            process.StartTime.ToUniversalTime(),
            identity.HttpPort(),
            identity.RespPort());
        return JsonResponse.WriteAsync(context, response, ManagementJsonContext.Default.NodeInfoResponse);
    }
}

/// <summary>Logs "Management listening on host:port" once Kestrel has bound (the port may have been 0).</summary>
internal sealed class ManagementStartupLog(ManagementEndpoint endpoint, IHostApplicationLifetime lifetime, ILogger<ManagementStartupLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (endpoint.Options is { } options)
            {
                log.LogInformation("Management listening on {Endpoint}", options.IPEndPoint);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
