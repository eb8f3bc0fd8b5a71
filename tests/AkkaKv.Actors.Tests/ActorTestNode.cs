using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaKv.Actors.Tests;

/// <summary>An ActorSystem built with the node's own configuration steps (serialization + persistence), without the
/// cluster, over a data directory that outlives it so a second one can recover from it.</summary>
internal sealed class ActorTestNode : IAsyncDisposable
{
    private readonly IHost _host;

    private ActorTestNode(IHost host)
    {
        _host = host;
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public ActorSystem System { get; }

    public static async Task<ActorTestNode> StartAsync(AkkaKvSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka($"test-{Guid.NewGuid():N}", (akka, _) => akka
            .ConfigureSerialization()
            .ConfigurePersistence(settings));
        var host = builder.Build();
        await host.StartAsync();
        return new ActorTestNode(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
