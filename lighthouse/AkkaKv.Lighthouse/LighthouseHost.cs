using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaKv.Lighthouse;

/// <summary>Builds a lighthouse: the node's settings binding, the CLUSTER_* variables on top, and the node's own network
/// and serialization set-up with role "lighthouse" — no shard region and no journal.</summary>
public static class LighthouseHost
{
    /// <param name="environment">The CLUSTER_* variables; null reads the process's.</param>
    public static HostApplicationBuilder CreateBuilder(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        // Bound as a node binds it: appsettings.json beside the binary, AkkaKv__… variables, --AkkaKv:… arguments.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = builder.Configuration.GetSection(AkkaKvSettings.SectionName).Get<AkkaKvSettings>() ?? new AkkaKvSettings();
        settings.Remote = LighthouseSettings.Apply(settings.Remote, environment ?? LighthouseSettings.ProcessEnvironment());
        // Checked here, not first inside the ActorSystem's start, where the host would log it with a stack trace.
        _ = DowningStrategies.ToOption(settings.Cluster);

        builder.Services.AddSingleton(settings);
        // SIGTERM/Ctrl+C stop the host; Akka.Hosting then runs CoordinatedShutdown, which leaves the cluster gracefully.
        builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka
            .ConfigureNetwork(settings, AkkaConfiguration.LighthouseRole)
            .ConfigureSerialization()
            .AddMembershipLog(settings.Remote.Seeds));
        return builder;
    }

    public static IHost Build(string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        CreateBuilder(args, environment).Build();
}
