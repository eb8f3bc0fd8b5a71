using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using AkkaKv.Keys;
using AkkaKv.TestSupport;
using Xunit.Abstractions;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>Process-level drills: a lighthouse and three store-mode nodes on one PostgreSQL journal, a writer loop through
/// every node, one node killed (SIGKILL) or stopped (SIGTERM) mid-stream. Every acknowledged write must then be readable
/// through every survivor, and the keyspace must accept writes again within a bound.</summary>
[Trait("Category", "Cluster")]
[Collection(DrillCollection.Name)]
public sealed class FailoverDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ShardCount = 128;
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(40);

    private DrillCluster? _cluster;

    private IReadOnlyList<ServerProcess> Nodes => _cluster!.Nodes;

    private LighthouseProcess Lighthouse => _cluster!.Lighthouse;

    public async Task InitializeAsync() => _cluster = await DrillCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sigkill_of_a_node_loses_no_acknowledged_write_and_the_slots_recover() =>
        await RunDrillAsync(graceful: false);

    [Fact]
    public async Task Sigterm_of_a_node_loses_no_acknowledged_write_and_fails_only_retryably() =>
        await RunDrillAsync(graceful: true);

    private async Task RunDrillAsync(bool graceful)
    {
        var victim = Nodes[0];
        var survivors = Nodes.Skip(1).ToList();
        var drill = new Drill(Nodes);
        output.WriteLine($"lighthouse pid {Lighthouse.ProcessId} at {Lighthouse.Address}; nodes " +
                         string.Join(", ", Nodes.Select(n => $"pid {n.ProcessId} {n.BaseAddress}")) + $"; victim pid {victim.ProcessId}");

        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 3).Select(_ => Task.Run(() => drill.WriteLoopAsync(stop.Token))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(4));
        var ackedBefore = drill.Acknowledged.Count;
        string victimAddress;
        using (var self = JsonDocument.Parse(await victim.Http.GetStringAsync("/v1/cluster")))
        {
            victimAddress = self.RootElement.GetProperty("self").GetString()!;
        }

        var clock = Stopwatch.StartNew();
        drill.Fail(victim);
        if (graceful)
        {
            victim.Terminate();
        }
        else
        {
            victim.Kill();
        }

        output.WriteLine($"{(graceful ? "SIGTERM" : "SIGKILL")} of pid {victim.ProcessId} after {ackedBefore} acknowledged writes");

        // Recovery: the victim is out of the cluster (the lighthouse logs "member removed"), and then a burst with one key
        // in every shard, through the survivors, is all acknowledged at the first attempt. Each probe waits at most 2 s.
        var failedAt = DateTime.UtcNow;
        var probeTags = ProbeTags();
        TimeSpan? recovered = null, lastFailedProbe = null;
        var round = 0;
        while (clock.Elapsed < RecoveryBound + TimeSpan.FromSeconds(5))
        {
            var started = clock.Elapsed;
            var removed = Lighthouse.FirstLineAt($"member removed: {victimAddress}") is not null;
            round++;
            if (await drill.ProbeAsync(survivors, probeTags, round) && removed)
            {
                recovered = started;
                break;
            }

            lastFailedProbe = started;
            await Task.Delay(250);
        }

        var what = graceful ? "SIGTERM" : "SIGKILL";
        output.WriteLine($"after the {what} (seconds, from the lighthouse log): victim {victimAddress} unreachable at " +
                         $"{Since(failedAt, Lighthouse.FirstLineAt($"member unreachable: {victimAddress}"))}, leaving at " +
                         $"{Since(failedAt, Lighthouse.FirstLineAt($"member leaving: {victimAddress}"))}, removed at " +
                         $"{Since(failedAt, Lighthouse.FirstLineAt($"member removed: {victimAddress}"))}; last probe round not counted started at {Seconds(lastFailedProbe)}");
        output.WriteLine(recovered is { } r
            ? $"RECOVERY: every shard accepts writes again {r.TotalSeconds:F1} s after the {what} ({round} probe rounds, {drill.ProbeFailures} failed probe PUTs)"
            : $"NOT recovered within {clock.Elapsed.TotalSeconds:F1} s");

        // Keep writing a little after recovery, then stop.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        if (graceful)
        {
            var exit = await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"the stopped node exited with {exit}");
        }

        output.WriteLine(drill.Summary());

        // Zero lost acknowledged writes: each one read back, with its value, through every survivor.
        var missing = await drill.VerifyAsync(survivors);
        foreach (var line in missing.Take(20))
        {
            output.WriteLine($"LOST: {line}");
        }

        Assert.True(missing.Count == 0, $"{missing.Count} of {drill.Acknowledged.Count} acknowledged writes not read back; first: {string.Join("; ", missing.Take(5))}");
        Assert.True(recovered is not null, $"the slots did not all accept writes within {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(recovered < RecoveryBound, $"recovery took {recovered!.Value.TotalSeconds:F1} s");
        Assert.True(drill.Acknowledged.Count > ackedBefore, "no write acknowledged after the failure");
        if (graceful)
        {
            var bad = drill.NonRetryableFailures;
            Assert.True(bad.IsEmpty, $"{bad.Count} non-retryable failures: {string.Join("; ", bad.Take(10))}");
        }
    }

    private static string Seconds(TimeSpan? t) => t is { } v ? $"{v.TotalSeconds:F1} s" : "never";

    private static string Since(DateTime from, DateTime? at) => at is { } t ? $"{(t - from).TotalSeconds:F1} s" : "never";

    /// <summary>One hash tag per shard: "{tag}:anything" hashes to that tag's slot, so a probe key per shard per round.</summary>
    private static List<string> ProbeTags()
    {
        var hasher = new SlotHasher(SlotHasher.DefaultSlotCount);
        var tags = new string?[ShardCount];
        for (var i = 0; tags.Any(t => t is null); i++)
        {
            var tag = $"probe{i}";
            tags[hasher.SlotOf(tag) % ShardCount] ??= tag;
        }

        return [.. tags.Select(t => t!)];
    }

    /// <summary>The writer loop's state: which keys were acknowledged with which value, and every failed attempt.</summary>
    private sealed class Drill
    {
        private readonly IReadOnlyList<ServerProcess> _all;
        private readonly HttpClient[] _clients;
        private volatile ServerProcess? _failed;
        private int _next = -1;
        private int _attempts;
        private int _retries;
        private int _probeFailures;

        public Drill(IReadOnlyList<ServerProcess> nodes)
        {
            _all = nodes;
            _clients = [.. nodes.Select(n => new HttpClient { BaseAddress = n.BaseAddress, Timeout = TimeSpan.FromSeconds(10) })];
        }

        public ConcurrentDictionary<string, string> Acknowledged { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public ConcurrentQueue<string> NonRetryableFailures { get; } = new();

        public void Fail(ServerProcess node) => _failed = node;

        public async Task WriteLoopAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref _next);
                var key = $"k-{i}";
                var value = $"v-{i}-{Guid.NewGuid():N}";
                for (var attempt = 0; !stop.IsCancellationRequested; attempt++)
                {
                    var targets = Targets();
                    var node = targets[(i + attempt) % targets.Count];
                    if (attempt > 0)
                    {
                        Interlocked.Increment(ref _retries);
                    }

                    if (await PutAsync(node, key, value, CancellationToken.None))
                    {
                        break;
                    }

                    await Task.Delay(100, CancellationToken.None);
                }
            }
        }

        /// <summary>One PUT per shard through the survivors, all at once; true when every one is acknowledged.</summary>
        public async Task<bool> ProbeAsync(IReadOnlyList<ServerProcess> survivors, IReadOnlyList<string> tags, int round)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var results = await Task.WhenAll(tags.Select((tag, n) =>
                ProbePutAsync(survivors[n % survivors.Count], $"{{{tag}}}:round-{round}", $"p-{round}-{n}", cancel.Token)));
            return results.All(ok => ok);
        }

        public int ProbeFailures => _probeFailures;

        /// <summary>A probe PUT: its own 2 s limit (not a failure of the node), but a 500 or a non-JSON error still counts.</summary>
        private async Task<bool> ProbePutAsync(ServerProcess node, string key, string value, CancellationToken cancel)
        {
            try
            {
                var (ok, status, body) = await SendPutAsync(node, key, value, cancel);
                if (ok)
                {
                    return true;
                }

                if (!(status == HttpStatusCode.ServiceUnavailable && DrillHttp.IsJsonError(body)))
                {
                    Record($"probe-{(int)status}", node, key, body, retryable: false);
                }
            }
            catch (TaskCanceledException) when (cancel.IsCancellationRequested)
            {
                // The probe's own deadline.
            }
            catch (HttpRequestException e)
            {
                Record("probe-connection-error(survivor)", node, key, e.Message, retryable: false);
            }

            Interlocked.Increment(ref _probeFailures);
            return false;
        }

        public async Task<List<string>> VerifyAsync(IReadOnlyList<ServerProcess> survivors)
        {
            var missing = new ConcurrentBag<string>();
            var checks = Acknowledged.SelectMany(pair => survivors.Select(node => (pair.Key, pair.Value, node)));
            await Parallel.ForEachAsync(checks, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (check, cancel) =>
            {
                var client = _clients[IndexOf(check.node)];
                for (var attempt = 0; ; attempt++)
                {
                    try
                    {
                        using var response = await client.GetAsync("/v1/kv/" + Uri.EscapeDataString(check.Key), cancel);
                        var body = await response.Content.ReadAsStringAsync(cancel);
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
                        {
                            await Task.Delay(500, cancel);
                            continue;
                        }

                        if (response.StatusCode != HttpStatusCode.OK || DrillHttp.ValueOf(body) != check.Value)
                        {
                            missing.Add($"{check.Key} via {check.node.BaseAddress}: {(int)response.StatusCode} {DrillHttp.Truncate(body)} (acknowledged {DrillHttp.Truncate(check.Value)})");
                        }

                        return;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 5)
                    {
                        await Task.Delay(500, cancel);
                    }
                }
            });
            return [.. missing.OrderBy(m => m, StringComparer.Ordinal)];
        }

        public string Summary()
        {
            var byKind = Failures.GroupBy(f => f.Split(' ', 3)[1]).Select(g => $"{g.Key}: {g.Count()}");
            return $"{Acknowledged.Count} writes acknowledged, {_attempts} attempts, {Failures.Count} failed, {_retries} retries " +
                   $"(writer loop), {NonRetryableFailures.Count} non-retryable; failures by kind: {string.Join(", ", byKind)}";
        }

        private List<ServerProcess> Targets()
        {
            var failed = _failed;
            return failed is null ? [.. _all] : [.. _all.Where(n => n != failed)];
        }

        private int IndexOf(ServerProcess node)
        {
            for (var i = 0; i < _all.Count; i++)
            {
                if (_all[i] == node)
                {
                    return i;
                }
            }

            throw new ArgumentException("not a drill node", nameof(node));
        }

        private async Task<bool> PutAsync(ServerProcess node, string key, string value, CancellationToken cancel)
        {
            Interlocked.Increment(ref _attempts);
            var toFailed = node == _failed;
            try
            {
                var (ok, status, body) = await SendPutAsync(node, key, value, cancel);
                if (ok)
                {
                    return true;
                }

                Record($"{(int)status}", node, key, body, retryable: status == HttpStatusCode.ServiceUnavailable && DrillHttp.IsJsonError(body));
                return false;
            }
            catch (HttpRequestException e)
            {
                // A connection refused or reset: retryable only when it is the failed node.
                Record(toFailed || node == _failed ? "connection-error(failed-node)" : "connection-error(survivor)", node, key, e.Message, toFailed || node == _failed);
                return false;
            }
            catch (TaskCanceledException)
            {
                Record(toFailed || node == _failed ? "timeout(failed-node)" : "timeout(survivor)", node, key, "client timeout", toFailed || node == _failed);
                return false;
            }
        }

        /// <summary>One PUT; an acknowledged one is remembered for the final check. The body is read only on failure.</summary>
        private async Task<(bool Ok, HttpStatusCode Status, string Body)> SendPutAsync(ServerProcess node, string key, string value, CancellationToken cancel)
        {
            using var content = new StringContent(value, Encoding.UTF8, "application/octet-stream");
            using var response = await _clients[IndexOf(node)].PutAsync("/v1/kv/" + Uri.EscapeDataString(key), content, cancel);
            if (response.IsSuccessStatusCode)
            {
                Acknowledged[key] = value;
                return (true, response.StatusCode, "");
            }

            return (false, response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None));
        }

        private void Record(string kind, ServerProcess node, string key, string detail, bool retryable)
        {
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} {kind} {key} via {node.BaseAddress}: {DrillHttp.Truncate(detail)}";
            Failures.Enqueue(line);
            if (!retryable)
            {
                NonRetryableFailures.Enqueue(line);
            }
        }
    }
}
