using Akka.Cluster.Hosting.SBR;
using AkkaKv.Actors.Hosting;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaKv.Actors.Tests;

public sealed class DowningStrategiesTests
{
    [Fact]
    public void Each_strategy_name_maps_to_its_option_and_bad_settings_are_refused_with_the_fix()
    {
        Assert.Equal(AkkaConfiguration.KvRole, Assert.IsType<KeepMajorityOption>(DowningStrategies.ToOption(new ClusterSettings())).Role);
        Assert.Equal(3, Assert.IsType<StaticQuorumOption>(DowningStrategies.ToOption(new ClusterSettings { DowningStrategy = "static-quorum", QuorumSize = 3 })).QuorumSize);
        Assert.True(Assert.IsType<KeepOldestOption>(DowningStrategies.ToOption(new ClusterSettings { DowningStrategy = "keep-oldest" })).DownIfAlone);

        var noQuorum = Assert.Throws<InvalidOperationException>(() => DowningStrategies.ToOption(new ClusterSettings { DowningStrategy = "static-quorum" }));
        Assert.Contains("AkkaKv:Cluster:QuorumSize", noQuorum.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<InvalidOperationException>(() => DowningStrategies.ToOption(new ClusterSettings { DowningStrategy = "auto-down" }));
        Assert.Contains("keep-majority", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_node_runs_the_split_brain_resolver_with_the_configured_strategy_and_stable_after()
    {
        var settings = new AkkaKvSettings
        {
            Remote = new RemoteSettings { Port = 0 },
            Cluster = new ClusterSettings { StableAfter = TimeSpan.FromSeconds(4) },
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka.ConfigureNetwork(settings));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var config = host.Services.GetRequiredService<ActorSystem>().Settings.Config;
            Assert.StartsWith("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"), StringComparison.Ordinal);
            Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
            Assert.Equal(AkkaConfiguration.KvRole, config.GetString("akka.cluster.split-brain-resolver.keep-majority.role"));
            Assert.Equal(TimeSpan.FromSeconds(4), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
