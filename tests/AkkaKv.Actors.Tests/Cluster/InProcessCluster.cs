using Akka.Actor;
using Akka.Cluster;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AkkaKv.Actors.Tests.Cluster;

/// <summary>Nodes of one cluster in this process: each the same AddAkkaKvNode a server runs (remoting on 127.0.0.1
/// port 0), sharing one throwaway PostgreSQL database. Disposing stops every node and drops the database.</summary>
internal sealed class InProcessCluster : IAsyncDisposable
{
    public const int SlotCount = 64;
    public const int ShardCount = 16;

    private readonly PostgresDatabase _database = new();
    private readonly List<IHost> _hosts = [];

    public static ActorSystem System(IHost node) => node.Services.GetRequiredService<ActorSystem>();

    public static string Address(IHost node) => Akka.Cluster.Cluster.Get(System(node)).SelfAddress.ToString();

    public static int UpMembers(IHost node) => Akka.Cluster.Cluster.Get(System(node)).State.Members.Count(m => m.Status == MemberStatus.Up);

    public static KvGateway Gateway(IHost node) => node.Services.GetRequiredService<KvGateway>();

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Starts a node joining <paramref name="seed"/> (none: it forms the cluster); <paramref name="adjust"/>
    /// changes its settings first.</summary>
    public async Task<IHost> StartNodeAsync(string? seed, Action<AkkaKvSettings>? adjust = null)
    {
        var settings = new AkkaKvSettings
        {
            Mode = StorageMode.Store,
            SlotCount = SlotCount,
            ShardCount = ShardCount,
            Remote = new RemoteSettings { Host = "127.0.0.1", Port = 0, Seeds = seed is null ? [] : [seed] },
            Journal = new JournalSettings { Provider = JournalProvider.PostgreSql, ConnectionString = _database.ConnectionString },
        };
        adjust?.Invoke(settings);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAkkaKvNode(settings);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync(TimeSpan.FromSeconds(20));
            host.Dispose();
        }

        _database.Dispose();
    }
}
