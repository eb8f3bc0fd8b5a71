using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaKv.Actors.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Lighthouse.Tests;

/// <summary>A host started in this process, with its ActorSystem and what it logged.</summary>
internal sealed class TestMember : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestMember(IHost host, LogLines log)
    {
        _host = host;
        Log = log;
        System = host.Services.GetRequiredService<ActorSystem>();
    }

    public ActorSystem System { get; }

    public Cluster Cluster => Cluster.Get(System);

    public LogLines Log { get; }

    /// <summary>A lighthouse as the executable builds it, on 127.0.0.1:<paramref name="port"/>.</summary>
    public static Task<TestMember> StartLighthouseAsync(int port, string? seeds = null)
    {
        var environment = new Dictionary<string, string?> { [LighthouseSettings.ClusterPort] = port.ToString(CultureInfo.InvariantCulture) };
        if (seeds is not null)
        {
            environment[LighthouseSettings.ClusterSeeds] = seeds;
        }

        // Management on a free port: several lighthouses share this process.
        var builder = LighthouseHost.CreateBuilder(["--AkkaKv:Management:Port=0"], environment);
        var log = new LogLines();
        builder.Logging.AddProvider(log);
        return StartAsync(LighthouseHost.Build(builder), log);
    }

    /// <summary>A kv member with a node's network and serialization set-up (no slots), on a port of its own.</summary>
    public static Task<TestMember> StartKvMemberAsync(params string[] seeds)
    {
        var settings = new AkkaKvSettings { Remote = new RemoteSettings { Host = "127.0.0.1", Port = 0, Seeds = seeds } };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka
            .ConfigureNetwork(settings)
            .ConfigureSerialization());
        return StartAsync(builder);
    }

    /// <summary>What a node runs (network, serialization, persistence, slots), in cache mode so it needs no journal.</summary>
    public static Task<TestMember> StartNodeAsync()
    {
        var settings = new AkkaKvSettings
        {
            Mode = StorageMode.Cache,
            Remote = new RemoteSettings { Host = "127.0.0.1", Port = 0 },
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka(AkkaConfiguration.SystemName, (akka, _) => akka.ConfigureNode(settings));
        return StartAsync(builder);
    }

    /// <summary>Distinct free ports, bound and released: a lighthouse's own address must name its real port, so port 0
    /// will not do for it.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    public static string AddressOf(int port) => $"akka.tcp://{AkkaConfiguration.SystemName}@127.0.0.1:{port}";

    /// <summary>Stops the host as SIGTERM does (the generic host's stop), and waits for the ActorSystem to end.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await _host.StopAsync(timeout.Token);
        await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _host.Dispose();
        }
    }

    private static Task<TestMember> StartAsync(HostApplicationBuilder builder)
    {
        var log = new LogLines();
        builder.Logging.AddProvider(log);
        return StartAsync(builder.Build(), log);
    }

    private static async Task<TestMember> StartAsync(IHost host, LogLines log)
    {
        await host.StartAsync();
        return new TestMember(host, log);
    }
}

/// <summary>Every line logged through Microsoft.Extensions.Logging, formatted.</summary>
internal sealed class LogLines : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(_lines);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}

internal static class Eventually
{
    public static async Task True(Func<bool> condition, string what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not within {seconds} s: {what}");
            await Task.Delay(100);
        }
    }
}
