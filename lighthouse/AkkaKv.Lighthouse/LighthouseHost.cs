using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using AkkaKv.Management;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaKv.Lighthouse;

/// <summary>Builds a lighthouse: the node's settings binding, the CLUSTER_* variables on top, and the node's own network
/// and serialization set-up with role "lighthouse" — no shard region and no journal — plus the management endpoint
/// (membership and sharding commands of <c>akkakv</c>) as its only HTTP listener.</summary>
public static class LighthouseHost
{
    /// <param name="environment">The CLUSTER_* variables; null reads the process's.</param>
    public static WebApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Bound as a node binds it: appsettings.json beside the binary, AkkaKv__… variables, --AkkaKv:… arguments.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection(AkkaKvSettings.SectionName).Get<AkkaKvSettings>() ?? new AkkaKvSettings();
        settings.Remote = LighthouseSettings.Apply(settings.Remote, environment ?? LighthouseSettings.ProcessEnvironment());
        // Checked here, not first inside the ActorSystem's start, where the host would log it with a stack trace.
        _ = DowningStrategies.ToOption(settings.Cluster);

        builder.Services.AddSingleton(settings);
        builder.Services.AddAkkaKvManagement(ManagementIdentity.Lighthouse);
        if (settings.Management.Enabled)
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenManagement(settings));
        }
        else
        {
            builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoHttpServer>();
        }
        // SIGTERM/Ctrl+C stop the host; Akka.Hosting then runs CoordinatedShutdown, which leaves the cluster gracefully.
        builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka
            .ConfigureNetwork(settings, AkkaConfiguration.LighthouseRole)
            .ConfigureSerialization()
            .AddMembershipLog(settings.Remote.Seeds));
        return builder;
    }

    /// <summary>The lighthouse with its management routes; any other path is a JSON 404 saying what a lighthouse serves.</summary>
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var app = builder.Build();
        app.MapManagementApi();
        // not_served, not not_found: a client must not read "this is a lighthouse" as "this key does not exist".
        app.MapFallback("{**path}", context => AdminErrors.Write(context, StatusCodes.Status404NotFound, "not_served",
            "a lighthouse serves membership and sharding commands only; slots, stats, config and kv are served by the nodes"));
        return app;
    }

    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        Build(CreateBuilder(args, environment));
}
