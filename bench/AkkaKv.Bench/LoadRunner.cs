using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace AkkaKv.Bench;

/// <summary>Per-worker counters; merged after the run so the hot loop never contends.</summary>
public sealed class WorkerStats
{
    public LatencyHistogram Put { get; } = new();
    public LatencyHistogram Get { get; } = new();
    public long[] PutStatus { get; } = new long[600];
    public long[] GetStatus { get; } = new long[600];
    public Dictionary<string, long> Exceptions { get; } = new(StringComparer.Ordinal);
    public long PutErrors { get; set; }
    public long GetErrors { get; set; }
    public long GetHits { get; set; }
    public long GetMisses { get; set; }

    public void Add(WorkerStats o)
    {
        Put.Add(o.Put);
        Get.Add(o.Get);
        for (var i = 0; i < PutStatus.Length; i++)
        {
            PutStatus[i] += o.PutStatus[i];
            GetStatus[i] += o.GetStatus[i];
        }

        foreach (var (k, v) in o.Exceptions)
        {
            Exceptions[k] = Exceptions.GetValueOrDefault(k) + v;
        }

        PutErrors += o.PutErrors;
        GetErrors += o.GetErrors;
        GetHits += o.GetHits;
        GetMisses += o.GetMisses;
    }

    public void CountException(string kind) => Exceptions[kind] = Exceptions.GetValueOrDefault(kind) + 1;
}

public sealed class LoadRunner(BenchOptions options, Target target, HttpClient client)
{
    private const int BodyBufferSize = 16 * 1024;

    public static HttpClient CreateClient(BenchOptions o)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = o.Connections,
            UseProxy = false,                       // never route via an environment proxy
            AllowAutoRedirect = false,              // never follow a redirect off loopback
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = ConnectLoopbackOnlyAsync,
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            Timeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    /// <summary>Resolves the host and connects only to loopback addresses, whatever the URL or DNS say.</summary>
    private static async ValueTask<Stream> ConnectLoopbackOnlyAsync(SocketsHttpConnectionContext ctx, CancellationToken ct)
    {
        var host = ctx.DnsEndPoint.Host.Trim('[', ']');
        var addrs = IPAddress.TryParse(host, out var ip) ? [ip] : await Dns.GetHostAddressesAsync(host, ct);
        var loopback = addrs.Where(IPAddress.IsLoopback).ToArray();
        if (loopback.Length == 0 || loopback.Length != addrs.Length)
        {
            throw new InvalidOperationException($"refusing to connect to non-loopback host '{host}'");
        }

        var socket = new Socket(loopback[0].AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(loopback[0], ctx.DnsEndPoint.Port), ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>One request to check the target answers like the API we expect. Returns an error message or null.</summary>
    public async Task<string?> ProbeAsync(bool write)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var req = write ? target.Put(0) : target.Get(0);
        try
        {
            using var resp = await client.SendAsync(req, HttpCompletionOption.ResponseContentRead, cts.Token);
            var ok = resp.IsSuccessStatusCode || (!write && target.IsMissStatus(resp.StatusCode));
            if (ok)
            {
                return null;
            }

            var body = await resp.Content.ReadAsStringAsync(cts.Token);
            if (body.Length > 300)
            {
                body = body[..300] + "...";
            }

            return $"{req.Method} {req.RequestUri} answered {(int)resp.StatusCode} {resp.ReasonPhrase}: {body.Trim()}\n" +
                   $"  is --target {target.Name} right for {options.Url}, and does the server implement that API?";
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            return $"target unreachable: {req.Method} {req.RequestUri} failed: {Describe(ex)}";
        }
    }

    /// <summary>Writes every key once with all connections; returns merged stats and elapsed seconds.</summary>
    public async Task<(WorkerStats Stats, double Seconds)> PreloadAsync()
    {
        var next = -1;
        var stats = new WorkerStats[options.Connections];
        var sw = Stopwatch.StartNew();
        var tasks = new Task[options.Connections];
        for (var w = 0; w < tasks.Length; w++)
        {
            var s = stats[w] = new WorkerStats();
            tasks[w] = Task.Run(async () =>
            {
                var buf = new byte[BodyBufferSize];
                int k;
                while ((k = Interlocked.Increment(ref next)) < options.Keys)
                {
                    await ExecuteAsync(isGet: false, k, s, buf, record: true, CancellationToken.None);
                }
            });
        }

        await Task.WhenAll(tasks);
        var merged = new WorkerStats();
        foreach (var s in stats)
        {
            merged.Add(s);
        }

        return (merged, sw.Elapsed.TotalSeconds);
    }

    /// <summary>Closed-loop load: each worker keeps exactly one request in flight until the measured window ends.</summary>
    public async Task<RunResult> RunAsync()
    {
        var freq = Stopwatch.Frequency;
        var start = Stopwatch.GetTimestamp();
        var measureStart = start + (long)(options.WarmupSeconds * freq);
        var measureEnd = measureStart + (long)(options.DurationSeconds * freq);
        using var cts = new CancellationTokenSource();

        var stats = new WorkerStats[options.Connections];
        var tasks = new Task[options.Connections];
        for (var w = 0; w < tasks.Length; w++)
        {
            var s = stats[w] = new WorkerStats();
            var seed = HashCode.Combine(options.Seed, w);
            tasks[w] = Task.Run(() => WorkerAsync(s, seed, measureStart, measureEnd, cts.Token));
        }

        await DelayUntil(measureStart);
        var cpu0 = ProcessCpu();
        var server0 = ServerCpu(options.ServerPid);
        var gc0 = GcCounts();
        await DelayUntil(measureEnd);
        var cpu1 = ProcessCpu();
        var server1 = ServerCpu(options.ServerPid);
        var gc1 = GcCounts();

        // Requests still in flight finish outside the window and are not counted; give them a moment, then cut them off.
        cts.CancelAfter(TimeSpan.FromSeconds(Math.Min(2, options.TimeoutSeconds)));
        await Task.WhenAll(tasks);

        var merged = new WorkerStats();
        foreach (var s in stats)
        {
            merged.Add(s);
        }

        return new RunResult(
            merged,
            options.DurationSeconds,
            (cpu1 - cpu0).TotalSeconds / options.DurationSeconds,
            server0 is { } a && server1 is { } b ? (b - a).TotalSeconds / options.DurationSeconds : null,
            [gc1[0] - gc0[0], gc1[1] - gc0[1], gc1[2] - gc0[2]]);
    }

    private async Task WorkerAsync(WorkerStats s, int seed, long measureStart, long measureEnd, CancellationToken ct)
    {
        var rng = new Random(seed);
        var buf = new byte[BodyBufferSize];
        var op = options.Op;
        var readFraction = options.ReadFraction;
        var keys = options.Keys;
        while (Stopwatch.GetTimestamp() < measureEnd && !ct.IsCancellationRequested)
        {
            var key = rng.Next(keys);
            var isGet = op == OpKind.Get || (op == OpKind.Mixed && rng.NextDouble() < readFraction);
            var end = await ExecuteAsync(isGet, key, s, buf, record: false, ct, measureStart, measureEnd);
            if (end < 0)
            {
                // Transport failure (e.g. connection refused): back off a little instead of spinning a core.
                try
                {
                    await Task.Delay(5, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Sends one request, drains the response into <paramref name="buf"/> and records it if it completed inside the
    /// window (or always, when <paramref name="record"/>). Returns the completion timestamp, or -1 on a transport error.
    /// </summary>
    private async Task<long> ExecuteAsync(
        bool isGet, int key, WorkerStats s, byte[] buf, bool record, CancellationToken ct,
        long measureStart = 0, long measureEnd = long.MaxValue)
    {
        using var req = isGet ? target.Get(key) : target.Put(key);
        var t0 = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        var bodyLen = 0;
        try
        {
            using var resp = await client.SendAsync(req, HttpCompletionOption.ResponseHeadersRead, ct);
            status = resp.StatusCode;
            await using var stream = await resp.Content.ReadAsStreamAsync(ct);
            int n;
            while ((n = await stream.ReadAsync(buf.AsMemory(bodyLen), ct)) > 0)
            {
                bodyLen += n;
                if (bodyLen == buf.Length)
                {
                    bodyLen = 0; // larger than we care to inspect: keep draining, overwrite
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            var tEnd = Stopwatch.GetTimestamp();
            if (ct.IsCancellationRequested)
            {
                return tEnd; // our own end-of-run cut-off; not an error
            }

            if (record || (tEnd >= measureStart && tEnd < measureEnd))
            {
                s.CountException(Describe(ex));
                if (isGet)
                {
                    s.GetErrors++;
                }
                else
                {
                    s.PutErrors++;
                }
            }

            return -1;
        }

        var t1 = Stopwatch.GetTimestamp();
        if (!record && (t1 < measureStart || t1 >= measureEnd))
        {
            return t1;
        }

        var code = Math.Clamp((int)status, 0, 599);
        var micros = (t1 - t0) * 1_000_000 / Stopwatch.Frequency;
        if (isGet)
        {
            s.GetStatus[code]++;
            if (target.IsMissStatus(status))
            {
                s.GetMisses++;
                s.Get.Record(micros);
            }
            else if (code is >= 200 and < 300)
            {
                if (target.IsHit(status, buf.AsSpan(0, bodyLen)))
                {
                    s.GetHits++;
                }
                else
                {
                    s.GetMisses++;
                }

                s.Get.Record(micros);
            }
            else
            {
                s.GetErrors++;
            }
        }
        else
        {
            s.PutStatus[code]++;
            if (code is >= 200 and < 300)
            {
                s.Put.Record(micros);
            }
            else
            {
                s.PutErrors++;
            }
        }

        return t1;
    }

    public static string Describe(Exception ex) => ex switch
    {
        HttpRequestException h when h.HttpRequestError != HttpRequestError.Unknown => h.HttpRequestError.ToString(),
        HttpRequestException { InnerException: SocketException se } => se.SocketErrorCode.ToString(),
        TaskCanceledException { InnerException: TimeoutException } => "Timeout",
        OperationCanceledException => "Timeout",
        _ => ex.GetType().Name,
    } + (ex is HttpRequestException && ex.InnerException?.Message is { } m ? $" ({m})" : string.Empty);

    private static async Task DelayUntil(long timestamp)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining);
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    /// <summary>CPU time of the server process (user + system), or null when not given or gone.</summary>
    private static TimeSpan? ServerCpu(int? pid)
    {
        if (pid is not { } id)
        {
            return null;
        }

        try
        {
            using var p = Process.GetProcessById(id);
            return p.TotalProcessorTime;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static int[] GcCounts() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
}

public sealed record RunResult(WorkerStats Stats, double Seconds, double ClientCpuCores, double? ServerCpuCores, int[] GcDelta);
