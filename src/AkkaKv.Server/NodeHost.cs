using AkkaKv.Actors.Hosting;
using AkkaKv.Management;
using AkkaKv.Resp;
using AkkaKv.Server.Http;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AkkaKv.Server;

/// <summary>Builds a node: settings bound once, the ActorSystem, and the HTTP front end.</summary>
public static class NodeHost
{
    public static WebApplication Build(string[] args)
    {
        // appsettings.json ships beside the binary; the data directory stays relative to where the node is started.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection(AkkaKvSettings.SectionName).Get<AkkaKvSettings>() ?? new AkkaKvSettings();

        // Run request handlers on the socket's I/O thread instead of hopping to the thread pool first: the handlers never
        // block (they await the slot), and a hop per request is costly on 2 cores.
        // Receive into a buffer straight away instead of first waiting for data with a zero-byte receive: one recv
        // syscall per request instead of two (strace, unpipelined RESP SETs: 2.0 → 1.44 recvfrom per request). What it
        // costs is a receive buffer (4 KiB) held by each idle connection.
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.UnsafePreferInlineScheduling = true;
            sockets.WaitForDataBeforeAllocatingBuffer = false;
        });
        ListenOptions? http = null;
        RespEndpoint? resp = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ListenAddress.Parse(settings.Http.Host), settings.Http.Port, listen => http = listen);
            // Bodies are size-checked by the API itself (with a JSON error); Kestrel's own limit is only a backstop.
            kestrel.Limits.MaxRequestBodySize = (settings.Limits.MaxValueBytes * 6L) + 65536;
            kestrel.ListenResp(settings);
            kestrel.ListenManagement(settings);
            resp = kestrel.ApplicationServices.GetRequiredService<RespEndpoint>();
        });
        builder.Services.AddAkkaKvNode(settings);
        builder.Services.AddAkkaKvResp();
        builder.Services.AddAkkaKvManagement(new ManagementIdentity(
            ManagementIdentity.NodeKind, () => http?.IPEndPoint?.Port, () => resp?.Bound?.Port));

        var app = builder.Build();
        app.UseJsonErrors();
        app.UseNodeAvailability();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Live) });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(HealthTags.Ready) });
        app.MapKvApi();
        app.MapClusterApi();
        var (reads, changes) = app.MapManagementApi();
        AdminEndpoints.Map(reads, changes);
        app.MapAdminFallback();
        return app;
    }
}
