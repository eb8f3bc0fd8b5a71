using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Cli.Tests.Support;

/// <summary>A management endpoint on 127.0.0.1 and a port of the OS's choosing that answers with canned JSON and
/// records what it was asked; what the CLI is tested against. Requests that change something under /v1/admin/
/// need the bearer token when <see cref="Token"/> is set, as the protocol says.</summary>
public sealed class CannedServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _routes = new();

    private CannedServer(WebApplication app, string? token)
    {
        _app = app;
        Token = token;
    }

    public string? Token { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Target Target { get; private set; } = Target.Default;

    public string Address => Target.ToString();

    /// <summary>Started with the protocol's sample answers for every read.</summary>
    public static async Task<CannedServer> StartAsync(string? token = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new CannedServer(app, token);
        app.Run(server.HandleAsync);
        server.AddSamples();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Target = new Target("127.0.0.1", new Uri(address).Port);
        return server;
    }

    /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (query ignored) with a status and body.</summary>
    public void On(string method, string path, int status, string body, string contentType = "application/json") =>
        _routes[$"{method} {path}"] = async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            await context.Response.WriteAsync(body);
        };

    public void On(string method, string path, Func<HttpContext, Task> handler) => _routes[$"{method} {path}"] = handler;

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var rawTarget = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        Requests.Enqueue(new RecordedRequest(request.Method, rawTarget, request.Headers.Authorization.ToString(), request.ContentType, body));

        var changes = request.Method != HttpMethods.Get && request.Path.StartsWithSegments("/v1/admin");
        if (changes && Token is not null && request.Headers.Authorization != $"Bearer {Token}")
        {
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ProtocolSamples.Error("unauthorized", "a valid bearer token is required"));
            return;
        }

        var route = _routes.TryGetValue($"{request.Method} {request.Path}", out var exact) ? exact
            : request.Path.StartsWithSegments("/v1/kv") && _routes.TryGetValue($"{request.Method} /v1/kv/*", out var key) ? key
            : null;
        if (route is null)
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(ProtocolSamples.Error("not_found", $"no route {request.Method} {request.Path}"));
            return;
        }

        await route(context);
    }

    private void AddSamples()
    {
        On("GET", "/v1/admin/node", 200, ProtocolSamples.Node);
        On("GET", "/v1/admin/cluster", 200, ProtocolSamples.Cluster);
        On("GET", "/v1/admin/sharding/regions", 200, ProtocolSamples.Regions);
        On("GET", "/v1/admin/sharding/region-stats", 200, ProtocolSamples.RegionStats);
        On("GET", "/v1/admin/sharding/shard-stats", 200, ProtocolSamples.ShardStats);
        On("GET", "/v1/admin/slots", 200, ProtocolSamples.Slots);
        On("GET", "/v1/admin/stats", 200, ProtocolSamples.Stats);
        On("GET", "/v1/admin/config", 200, ProtocolSamples.Config);
        On("POST", "/v1/admin/cluster/join", 202, $$"""{"joining": "akka.tcp://akkakv@10.0.0.5:4053"}""");
        On("POST", "/v1/admin/cluster/leave", 202, $$"""{"leaving": "{{ProtocolSamples.Node1}}"}""");
        On("POST", "/v1/admin/cluster/down", 202, $$"""{"downed": "{{ProtocolSamples.Node2}}"}""");
        On("POST", "/v1/admin/cluster/down-unreachable", 202, $$"""{"downed": ["{{ProtocolSamples.Node2}}"]}""");
        On("PUT", "/v1/admin/config/maxmemory-policy", 200, """{"name": "maxmemory-policy", "value": "allkeys-lru"}""");
        On("GET", "/v1/kv/greeting", 200, ProtocolSamples.Greeting);
        On("GET", "/v1/kv", 200, ProtocolSamples.Scan);
        On("GET", "/v1/kv/*", 404, ProtocolSamples.Error("not_found", "no such key"));
    }
}

public sealed record RecordedRequest(string Method, string RawTarget, string Authorization, string? ContentType, string Body);
