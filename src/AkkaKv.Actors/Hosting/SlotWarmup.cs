using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Actors.Hosting;

/// <summary>Starts every slot at boot so journals are replayed before traffic arrives and TTLs keep expiring in slots
/// nobody reads; the node reports ready only after every slot has answered.</summary>
public sealed class SlotWarmup(IServiceProvider services, AkkaKvSettings settings, NodeRegistration registration, ILogger<SlotWarmup> log) : BackgroundService
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        // Hosted services start together; the region exists only once the ActorSystem has started.
        await services.GetRequiredService<IRequiredActor<SlotRegion>>().GetAsync(stoppingToken);
        if (!await registration.RegisterAsync(stoppingToken))
        {
            return;
        }

        var gateway = services.GetRequiredService<KvGateway>();
        var pending = Enumerable.Range(0, settings.SlotCount).ToList();
        while (pending.Count > 0 && !stoppingToken.IsCancellationRequested)
        {
            var results = await Task.WhenAll(pending.Select(async slot =>
            {
                try
                {
                    await gateway.PingAsync(slot, stoppingToken);
                    return -1;
                }
                catch (Exception e) when (e is KvException or OperationCanceledException)
                {
                    return slot;
                }
            }));
            pending = [.. results.Where(slot => slot >= 0)];
            if (pending.Count > 0)
            {
                log.LogInformation("{Count} slots not ready yet; retrying", pending.Count);
            }
        }

        _ready = pending.Count == 0;
        if (_ready)
        {
            log.LogInformation("all {Count} slots ready in {Elapsed} ms", settings.SlotCount, started.ElapsedMilliseconds);
        }
    }
}
