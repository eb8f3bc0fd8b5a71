using System.Globalization;
using System.Text;
using AkkaKv.Bench;

// Run socket continuations on the epoll thread instead of hopping to the thread pool: our continuations are tiny
// (record a latency, send the next request), and skipping the hop cuts the client's CPU per request on a machine
// it shares with the server. Must be set before the first socket is used; an explicit setting wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}

BenchOptions o;
try
{
    o = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is OptionsException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"akkakv-bench: {ex.Message}");
    Console.Error.WriteLine("run with --help for usage");
    return 2;
}

Console.WriteLine(
    $"akkakv-bench target={o.Target.ToString().ToLowerInvariant()} url={o.Url} op={o.Op.ToString().ToLowerInvariant()} " +
    $"connections={o.Connections} keys={o.Keys} value_size={o.ValueSize} duration={o.DurationSeconds}s warmup={o.WarmupSeconds}s " +
    $"preload={o.Preload}{(o.Target == TargetKind.Etcd ? $" etcd_reads={(o.EtcdSerializable ? "serializable" : "linearizable")}" : string.Empty)} " +
    $"cores={Environment.ProcessorCount}");

var target = Target.Create(o);
using var client = LoadRunner.CreateClient(o);
var runner = new LoadRunner(o, target, client);

var probeError = await runner.ProbeAsync(write: o.Op != OpKind.Get || o.Preload);
if (probeError is not null)
{
    Console.Error.WriteLine($"akkakv-bench: {probeError}");
    return 3;
}

if (o.Preload)
{
    var (pre, secs) = await runner.PreloadAsync();
    Console.WriteLine(
        $"preload: {pre.Put.Count} of {o.Keys} keys in {secs:F2} s ({pre.Put.Count / secs:F0} ops/s), " +
        $"p99 {pre.Put.PercentileMicros(0.99) / 1000:F2} ms, errors={pre.PutErrors}{Errors(pre)}");
    if (pre.Put.Count == 0)
    {
        Console.Error.WriteLine("akkakv-bench: preload wrote nothing; target failing");
        return 3;
    }
}

var r = await runner.RunAsync();
var st = r.Stats;
var name = target.Name;
var opName = o.Op.ToString().ToLowerInvariant();

var all = new LatencyHistogram();
all.Add(st.Put);
all.Add(st.Get);
var errors = st.PutErrors + st.GetErrors;

Console.WriteLine();
if (o.Op != OpKind.Get)
{
    PrintOp("put", st.Put, st.PutErrors, st.PutStatus);
}

if (o.Op != OpKind.Put)
{
    PrintOp("get", st.Get, st.GetErrors, st.GetStatus);
    Console.WriteLine($"  get hits={st.GetHits} misses={st.GetMisses}");
}

if (st.Exceptions.Count > 0)
{
    Console.WriteLine("  transport errors: " + string.Join(", ", st.Exceptions.OrderByDescending(e => e.Value).Select(e => $"{e.Key}={e.Value}")));
}

Console.WriteLine(
    $"  client: {r.ClientCpuCores:F2} cores of {Environment.ProcessorCount} busy in the load tool; " +
    $"gc gen0/1/2 = {r.GcDelta[0]}/{r.GcDelta[1]}/{r.GcDelta[2]}");
if (r.ServerCpuCores is { } serverCores)
{
    Console.WriteLine(
        $"  server: {serverCores:F2} cores busy (pid {o.ServerPid}); " +
        $"{(serverCores > 0 ? all.Count / r.Seconds / serverCores : 0):F0} ops per server core-second");
}

if (o.Op == OpKind.Mixed)
{
    Console.WriteLine(Result("mixed.put", st.Put, st.PutErrors, 0));
    Console.WriteLine(Result("mixed.get", st.Get, st.GetErrors, st.GetMisses));
}

Console.WriteLine(Result(opName, all, errors, st.GetMisses));

if (all.Count == 0)
{
    Console.Error.WriteLine("akkakv-bench: no successful operations in the measured window");
    return 1;
}

return 0;

void PrintOp(string op, LatencyHistogram h, long errs, long[] statuses)
{
    Console.WriteLine(
        $"{name} {op}: {h.Count} ok in {r.Seconds:F1} s = {h.Count / r.Seconds:F0} ops/s | latency ms " +
        $"p50 {Ms(h.PercentileMicros(0.50))} p90 {Ms(h.PercentileMicros(0.90))} p99 {Ms(h.PercentileMicros(0.99))} " +
        $"p99.9 {Ms(h.PercentileMicros(0.999))} max {Ms(h.MaxMicros)} mean {Ms(h.MeanMicros)}");
    Console.WriteLine($"  {op} errors={errs} status: {StatusList(statuses, ", ")}");
}

string Result(string op, LatencyHistogram h, long errs, long misses)
{
    var status = new StringBuilder();
    for (var i = 0; i < 600; i++)
    {
        var c = (op.EndsWith("get", StringComparison.Ordinal) ? 0 : st.PutStatus[i]) + (op.EndsWith("put", StringComparison.Ordinal) ? 0 : st.GetStatus[i]);
        if (c > 0)
        {
            status.Append(status.Length > 0 ? "," : string.Empty).Append(i).Append(':').Append(c);
        }
    }

    return $"RESULT target={name} op={op} connections={o.Connections} keys={o.Keys} value_size={o.ValueSize} " +
           $"duration_s={r.Seconds} ops={h.Count} ops_per_sec={h.Count / r.Seconds:F1} " +
           $"p50_ms={Ms(h.PercentileMicros(0.50))} p90_ms={Ms(h.PercentileMicros(0.90))} p99_ms={Ms(h.PercentileMicros(0.99))} " +
           $"p999_ms={Ms(h.PercentileMicros(0.999))} max_ms={Ms(h.MaxMicros)} mean_ms={Ms(h.MeanMicros)} " +
           $"errors={errs} misses={misses} status={(status.Length > 0 ? status : "none")} " +
           $"transport_errors={st.Exceptions.Values.Sum()} client_cpu_cores={r.ClientCpuCores:F2}" +
           (r.ServerCpuCores is { } sc ? $" server_cpu_cores={sc:F2}" : string.Empty);
}

static string Ms(double micros) => (micros / 1000.0).ToString("F3", CultureInfo.InvariantCulture);

static string StatusList(long[] statuses, string sep)
{
    var parts = statuses.Select((c, i) => (c, i)).Where(x => x.c > 0).Select(x => $"{x.i}={x.c}").ToList();
    return parts.Count == 0 ? "none" : string.Join(sep, parts);
}

static string Errors(WorkerStats s) =>
    s.Exceptions.Count == 0 ? string.Empty : " (" + string.Join(", ", s.Exceptions.Select(e => $"{e.Key}={e.Value}")) + ")";
