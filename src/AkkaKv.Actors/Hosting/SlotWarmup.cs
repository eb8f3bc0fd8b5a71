using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Actors.Hosting;

/// <summary>Starts every slot at boot so journals are replayed before traffic arrives and TTLs keep expiring in slots
/// nobody reads; the node reports ready only after every slot has answered and the shards rebalancing towards it
/// (a node that joins a running cluster takes its share over several rounds) have arrived. Without that second wait a
/// rolling update stops the next node while shards are still moving to this one, and requests for both sets of shards
/// wait out the hand-offs together (measured in the rolling-deploy drill: 3 s request timeouts at each step).</summary>
public sealed class SlotWarmup(IServiceProvider services, AkkaKvSettings settings, NodeRegistration registration, ILogger<SlotWarmup> log) : BackgroundService
{
    /// <summary>How long readiness waits for the node's share of shards. Past it the node reports ready anyway (with a
    /// warning): membership that keeps changing must not keep a node out of its Service for ever.</summary>
    public static readonly TimeSpan ShareWait = TimeSpan.FromSeconds(60);

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

        if (!await PingEverySlotAsync(stoppingToken))
        {
            return;
        }

        log.LogInformation("all {Count} slots ready in {Elapsed} ms", settings.SlotCount, started.ElapsedMilliseconds);
        await WaitForShareAsync(stoppingToken);
        _ready = !stoppingToken.IsCancellationRequested;
    }

    private async Task<bool> PingEverySlotAsync(CancellationToken stoppingToken)
    {
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

        return pending.Count == 0;
    }

    private async Task WaitForShareAsync(CancellationToken stoppingToken)
    {
        var system = services.GetRequiredService<ActorSystem>();
        var cluster = Cluster.Get(system);
        var local = LocalSlots.For(system);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!stoppingToken.IsCancellationRequested)
        {
            var regions = cluster.State.Members.Count(m => m.Status == MemberStatus.Up && m.HasRole(AkkaConfiguration.KvRole));
            var needed = ShardShare.BalancedMinimum(settings.ShardCount, regions);
            var hosting = ShardShare.ShardsHosting(Enumerable.Range(0, local.SlotCount).Where(slot => local.Find(slot) is not null), settings.ShardCount);
            if (hosting >= needed)
            {
                log.LogInformation("hosting {Hosting} of {Shards} shards ({Regions} kv members); ready after {Elapsed} ms more",
                    hosting, settings.ShardCount, regions, waited.ElapsedMilliseconds);
                return;
            }

            if (waited.Elapsed > ShareWait)
            {
                log.LogWarning("hosting {Hosting} of {Shards} shards, fewer than the {Needed} a balanced allocation gives; reporting ready after {Wait}",
                    hosting, settings.ShardCount, needed, ShareWait);
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
