using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace AkkaKv.Management;

/// <summary>The server of a lighthouse whose management endpoint is disabled: it listens nowhere. Kestrel with no
/// endpoint configured would fall back to its defaults (localhost:5000, or ASPNETCORE_HTTP_PORTS in container images).</summary>
public sealed class NoHttpServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
