using System.Net;
using AkkaKv.Actors.Hosting;
using AkkaKv.Resp.Execution;
using AkkaKv.Resp.Transport;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Resp;

public static class RespHosting
{
    /// <summary>The RESP front end's services; <see cref="ListenResp"/> adds its listener.</summary>
    public static IServiceCollection AddAkkaKvResp(this IServiceCollection services)
    {
        services.AddSingleton<RespEndpoint>();
        services.AddSingleton<RespNode>();
        services.AddSingleton<RespConnectionHandler>();
        services.AddHostedService<EpollRespListener>();
        services.AddHostedService<RespStartupLog>();
        return services;
    }

    /// <summary>Listens for RESP on Kestrel (the same sockets transport as HTTP) when enabled and the epoll transport
    /// (<see cref="EpollRespListener"/>) is not chosen.</summary>
    public static void ListenResp(this KestrelServerOptions kestrel, AkkaKvSettings settings)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Resp.Enabled || RespTransport.UsesEpoll(settings.Resp))
        {
            return;
        }

        var address = ListenAddress.Parse(settings.Resp.Host);
        var endpoint = kestrel.ApplicationServices.GetRequiredService<RespEndpoint>();
        kestrel.Listen(address, settings.Resp.Port, listen =>
        {
            endpoint.Options = listen;
            listen.UseConnectionHandler<RespConnectionHandler>();
        });
    }
}

/// <summary>Where RESP listens (kept to learn the port actually bound: port 0 in tests), and on which transport.</summary>
public sealed class RespEndpoint
{
    private IPEndPoint? _bound;
    private long _sharedWaits;
    private long _loopResumes;

    /// <summary>"epoll" or "kestrel" (INFO server: <c>akkakv_resp_transport</c>).</summary>
    public string Transport { get; set; } = "kestrel";

    /// <summary>Epoll waits whose sockets the loop shared with its helper thread (INFO stats: <c>akkakv_resp_shared_waits</c>).</summary>
    public long SharedWaits => Interlocked.Read(ref _sharedWaits);

    internal void CountSharedWait() => Interlocked.Increment(ref _sharedWaits);

    /// <summary>Connections resumed on their epoll thread once the replies they waited for (a store-mode commit's) were
    /// in (INFO stats: <c>akkakv_resp_loop_resumes</c>).</summary>
    public long LoopResumes => Interlocked.Read(ref _loopResumes);

    internal void CountLoopResumes(int resumes) => Interlocked.Add(ref _loopResumes, resumes);

    /// <summary>Kestrel's listen options, when Kestrel serves RESP.</summary>
    public ListenOptions? Options { get; set; }

    /// <summary>The address bound, by either transport.</summary>
    public IPEndPoint? Bound
    {
        get => _bound ?? Options?.IPEndPoint;
        set => _bound = value;
    }
}

/// <summary>Logs "RESP listening on host:port" once Kestrel has bound, as "Now listening on" is logged for HTTP.</summary>
internal sealed class RespStartupLog(RespEndpoint endpoint, IHostApplicationLifetime lifetime, ILogger<RespStartupLog> log) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            log.LogInformation("RESP listening on {Endpoint}", endpoint.Bound));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
