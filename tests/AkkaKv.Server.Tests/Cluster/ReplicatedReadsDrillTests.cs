using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>Process level: a lighthouse and three store-mode nodes on one PostgreSQL journal; replicated keys written at
/// majority; one node killed with SIGKILL. Through the whole hand-over window (SBR downing, hand-off, journal recovery)
/// every replicated key stays readable at local consistency on both survivors, and afterwards the new owners accept
/// writes to them.</summary>
[Trait("Category", "Cluster")]
[Collection(DrillCollection.Name)]
public sealed class ReplicatedReadsDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int KeyCount = 300;
    private static readonly TimeSpan WriteBound = TimeSpan.FromSeconds(40);

    private DrillCluster? _cluster;

    private IReadOnlyList<ServerProcess> Nodes => _cluster!.Nodes;

    public async Task InitializeAsync() => _cluster = await DrillCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Local_reads_of_replicated_keys_never_miss_while_a_killed_nodes_slots_move()
    {
        var keys = Enumerable.Range(0, KeyCount).Select(i => $"/_sys/registry/service-{i}").ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            var (status, body) = await PutAsync(Nodes[i % 3], keys[i], "v1", "majority");
            Assert.True(status == HttpStatusCode.OK, $"PUT {keys[i]}: {(int)status} {body}");
        }

        var victim = Nodes[0];
        var survivors = Nodes.Skip(1).ToList();
        await WaitUntilAsync(async () => (await ReadAllLocallyAsync(survivors, keys)).Misses == 0, "every key readable locally on the survivors");

        using var stop = new CancellationTokenSource();
        var readers = survivors.Select(node => Task.Run(() => ReadLoopAsync(node, keys, stop.Token))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        victim.Kill();
        output.WriteLine($"SIGKILL of pid {victim.ProcessId}; survivors {string.Join(", ", survivors.Select(s => s.ProcessId))} keep reading locally");

        // The new owners accept writes again: every key rewritten at majority through the survivors (retrying while its
        // slot is still moving).
        var writable = new Dictionary<string, TimeSpan>();
        while (writable.Count < keys.Count && clock.Elapsed < WriteBound)
        {
            foreach (var key in keys.Where(k => !writable.ContainsKey(k)).ToList())
            {
                var (status, _) = await PutAsync(survivors[writable.Count % 2], key, "v2", "majority");
                if (status == HttpStatusCode.OK)
                {
                    writable[key] = clock.Elapsed;
                }
            }

            await Task.Delay(200);
        }

        // Read through the window and a little after it.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        var stats = await Task.WhenAll(readers);

        foreach (var (node, s) in survivors.Zip(stats))
        {
            output.WriteLine($"pid {node.ProcessId}: {s.Rounds} rounds of {keys.Count} local reads, {s.Misses} misses, longest gap between answered rounds {s.LongestGap.TotalMilliseconds:F0} ms");
        }

        output.WriteLine($"every key writable again {(writable.Count == keys.Count ? writable.Values.Max().TotalSeconds.ToString("F1") + " s" : "NOT within the bound")} after the SIGKILL");
        Assert.All(stats, s => Assert.Equal(0, s.Misses));
        Assert.All(stats, s => Assert.True(s.Rounds > 5, $"only {s.Rounds} read rounds"));
        Assert.Equal(keys.Count, writable.Count);
        await WaitUntilAsync(
            async () => (await ReadAllLocallyAsync(survivors, keys, expected: "v2")).Misses == 0,
            "the rewritten values readable locally on both survivors");
    }

    private async Task<ReadStats> ReadLoopAsync(ServerProcess node, IReadOnlyList<string> keys, CancellationToken cancel)
    {
        var rounds = 0;
        var misses = 0;
        var longest = TimeSpan.Zero;
        var last = Stopwatch.StartNew();
        while (!cancel.IsCancellationRequested)
        {
            var round = await ReadAllLocallyAsync([node], keys);
            rounds++;
            misses += round.Misses;
            if (round.Misses == 0)
            {
                longest = last.Elapsed > longest ? last.Elapsed : longest;
                last.Restart();
            }

            foreach (var miss in round.Details.Take(3))
            {
                output.WriteLine($"MISS on pid {node.ProcessId}: {miss}");
            }
        }

        return new ReadStats(rounds, misses, longest);
    }

    /// <summary>One local read of every key: a miss is anything but 200 with "v1" or "v2" (or <paramref name="expected"/>).</summary>
    private static async Task<(int Misses, List<string> Details)> ReadAllLocallyAsync(IEnumerable<ServerProcess> nodes, IReadOnlyList<string> keys, string? expected = null)
    {
        var details = new List<string>();
        foreach (var node in nodes)
        {
            foreach (var key in keys)
            {
                try
                {
                    using var response = await node.Http.GetAsync($"/v1/kv/{Uri.EscapeDataString(key)}?consistency=local");
                    var body = await response.Content.ReadAsStringAsync();
                    var value = DrillHttp.ValueOf(body);
                    if (response.StatusCode != HttpStatusCode.OK || (expected is null ? value is not ("v1" or "v2") : value != expected))
                    {
                        details.Add($"{key}: {(int)response.StatusCode} {DrillHttp.Truncate(body)}");
                    }
                }
                catch (HttpRequestException e)
                {
                    details.Add($"{key}: {e.Message}");
                }
            }
        }

        return (details.Count, details);
    }

    private static async Task<(HttpStatusCode Status, string Body)> PutAsync(ServerProcess node, string key, string value, string consistency)
    {
        try
        {
            using var content = new StringContent(value, Encoding.UTF8, "text/plain");
            using var response = await node.Http.PutAsync($"/v1/kv/{Uri.EscapeDataString(key)}?consistency={consistency}", content);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (HttpStatusCode.ServiceUnavailable, e.Message);
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            await Task.Delay(200);
        }
    }

    private sealed record ReadStats(int Rounds, int Misses, TimeSpan LongestGap);
}
