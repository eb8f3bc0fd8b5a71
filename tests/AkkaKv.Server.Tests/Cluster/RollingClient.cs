using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>The rolling drill's clients: writers and a reader at a steady rate through every node's fixed address (as
/// through a Service), retrying elsewhere on failure. Keeps the history: what was acknowledged, every failure by kind,
/// and how long each operation waited to succeed. Failures at the node being replaced are the retryable kind a
/// client expects (refused connections, 503 with a JSON error); anything else counts as "other".</summary>
public sealed class RollingClient : IDisposable
{
    private readonly Uri[] _nodes;
    private readonly HttpClient[] _clients;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentDictionary<string, long> _failures = new();
    private readonly Lock _longestGate = new();
    private TimeSpan _longestWait;
    private string _longestWaitAt = "-";
    private volatile int _replacing = -1;
    private int _next = -1;
    private long _reads;

    public RollingClient(IReadOnlyList<Uri> nodes)
    {
        _nodes = [.. nodes];
        // Longer than the node's own request timeout: a node that cannot answer in time says so (503, retry).
        _clients = [.. nodes.Select(n => new HttpClient { BaseAddress = n, Timeout = TimeSpan.FromSeconds(10) })];
    }

    public ConcurrentDictionary<string, string> Acknowledged { get; } = new();

    public ConcurrentQueue<string> OtherFailures { get; } = new();

    public long Reads => Interlocked.Read(ref _reads);

    /// <summary>The longest an operation waited from its first attempt to its success (or to the end of the drill).</summary>
    public TimeSpan LongestUnavailability
    {
        get
        {
            lock (_longestGate)
            {
                return _longestWait;
            }
        }
    }

    /// <summary>The node (index) being replaced now, or -1: failures there are expected and retryable.</summary>
    public void Replacing(int node) => _replacing = node;

    public async Task WriteLoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var i = Interlocked.Increment(ref _next);
            var key = $"roll-{i}";
            var value = $"v-{i}-{Guid.NewGuid():N}";
            await UntilDoneAsync(i, key, async node =>
            {
                using var content = new StringContent(value, Encoding.UTF8, "application/octet-stream");
                using var response = await _clients[node].PutAsync("/v1/kv/" + Uri.EscapeDataString(key), content, CancellationToken.None);
                if (response.IsSuccessStatusCode)
                {
                    Acknowledged[key] = value;
                    return null;
                }

                return (response.StatusCode, await response.Content.ReadAsStringAsync(CancellationToken.None));
            }, stop);
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Reads acknowledged keys back while the nodes roll: an acknowledged write must never be missing.</summary>
    public async Task ReadLoopAsync(CancellationToken stop)
    {
        var random = new Random(7);
        while (!stop.IsCancellationRequested)
        {
            var known = Volatile.Read(ref _next);
            var i = random.Next(Math.Max(known, 1));
            var key = $"roll-{i}";
            if (!Acknowledged.TryGetValue(key, out var expected))
            {
                await Task.Delay(5, CancellationToken.None);
                continue;
            }

            await UntilDoneAsync(i, key, async node =>
            {
                using var response = await _clients[node].GetAsync("/v1/kv/" + Uri.EscapeDataString(key), CancellationToken.None);
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                if (response.IsSuccessStatusCode && DrillHttp.ValueOf(body) == expected)
                {
                    Interlocked.Increment(ref _reads);
                    return null;
                }

                if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotFound)
                {
                    OtherFailures.Enqueue($"read {key} via {_nodes[node]}: {(int)response.StatusCode} {DrillHttp.Truncate(body)} (acknowledged {expected})");
                    return null; // counted; retrying would hide it
                }

                return (response.StatusCode, body);
            }, stop);
            await Task.Delay(10, CancellationToken.None);
        }
    }

    /// <summary>Every acknowledged write, read back through <paramref name="via"/>; what is missing or different. A
    /// retryable answer (503: the slot is moving, as rebalancing goes on after the last replacement) is asked again.</summary>
    public async Task<List<string>> VerifyAsync(int via)
    {
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pair, cancel) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    using var response = await _clients[via].GetAsync("/v1/kv/" + Uri.EscapeDataString(pair.Key), cancel);
                    var body = await response.Content.ReadAsStringAsync(cancel);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
                    {
                        await Task.Delay(500, cancel);
                        continue;
                    }

                    // A key still unavailable after ten tries is reported with its 503, not silently passed.
                    if (!response.IsSuccessStatusCode || DrillHttp.ValueOf(body) != pair.Value)
                    {
                        missing.Add($"{pair.Key}: {(int)response.StatusCode} {DrillHttp.Truncate(body)}");
                    }

                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 10)
                {
                    await Task.Delay(500, cancel);
                }
            }
        });
        return [.. missing];
    }

    public string FailuresByKind() =>
        _failures.IsEmpty ? "none" : string.Join(", ", _failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}"));

    /// <summary>The operation that waited longest, when it started, and each failed attempt it made (time, node, answer).</summary>
    public string LongestUnavailabilityAt
    {
        get
        {
            lock (_longestGate)
            {
                return _longestWaitAt;
            }
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    /// <summary>Tries nodes in turn (starting from the operation's own) until the attempt succeeds, classifying each
    /// failure; records how long the operation waited.</summary>
    private async Task UntilDoneAsync(int operation, string key, Func<int, Task<(HttpStatusCode Status, string Body)?>> attempt, CancellationToken stop)
    {
        var started = _clock.Elapsed;
        var trail = new StringBuilder(); // each failed attempt, printed for the longest wait
        for (var n = 0; ; n++)
        {
            var node = (operation + n) % _nodes.Length;
            var replacing = _replacing == node;
            string kind;
            var detail = "";
            try
            {
                if (await attempt(node) is not { } failed)
                {
                    break;
                }

                var retryable = failed.Status == HttpStatusCode.ServiceUnavailable && DrillHttp.IsJsonError(failed.Body);
                kind = retryable ? "retryable: 503" : $"other: {(int)failed.Status}";
                detail = DrillHttp.Truncate(failed.Body);
                if (!retryable)
                {
                    OtherFailures.Enqueue($"{key} via {_nodes[node]}: {(int)failed.Status} {detail}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A node that is stopping or starting refuses connections: a client moves on (a Service would not even send).
                kind = replacing ? $"retryable: {(e is TaskCanceledException ? "timeout" : "connection")} (node being replaced)" : $"other: {(e is TaskCanceledException ? "timeout" : "connection")}";
                if (!replacing)
                {
                    OtherFailures.Enqueue($"{key} via {_nodes[node]}: {e.Message}");
                }
            }

            _failures.AddOrUpdate(kind, 1, (_, count) => count + 1);
            trail.Append($"\n    {_clock.Elapsed.TotalSeconds:F2} node{node} {kind} {detail}");
            if (stop.IsCancellationRequested)
            {
                break; // still failing when the drill ends: its wait so far counts too
            }

            await Task.Delay(50, CancellationToken.None);
        }

        var waited = _clock.Elapsed - started;
        lock (_longestGate)
        {
            if (waited > _longestWait)
            {
                _longestWait = waited;
                _longestWaitAt = $"{key} at {started.TotalSeconds:F1} s" + trail;
            }
        }
    }
}
