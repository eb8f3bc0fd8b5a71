using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace AkkaKv.Bench;

public enum TargetKind
{
    AkkaKv,
    Etcd,
}

public enum OpKind
{
    Put,
    Get,
    Mixed,
}

public sealed class OptionsException(string message) : Exception(message);

public sealed record BenchOptions
{
    public TargetKind Target { get; init; } = TargetKind.AkkaKv;
    public Uri Url { get; init; } = new("http://127.0.0.1:8080");
    public OpKind Op { get; init; } = OpKind.Put;
    public int Connections { get; init; } = 256;
    public int Keys { get; init; } = 100_000;
    public int ValueSize { get; init; } = 256;
    public double DurationSeconds { get; init; } = 10;
    public double WarmupSeconds { get; init; } = 2;
    public bool Preload { get; init; }
    public double ReadFraction { get; init; } = 0.5;
    public int Seed { get; init; } = 42;
    public double TimeoutSeconds { get; init; } = 30;
    public int? ServerPid { get; init; }
    public bool EtcdSerializable { get; init; }

    public const string Usage = """
        akkakv-bench: HTTP load generator for AkkaKv's /v1/kv API and etcd 3.4's JSON gateway (loopback only).

        usage: akkakv-bench --target akkakv|etcd [--url http://127.0.0.1:8080] --op put|get|mixed
                            [--connections 256] [--keys 100000] [--value-size 256]
                            [--duration 10] [--warmup 2] [--preload] [--read-fraction 0.5]
                            [--seed 42] [--timeout 30] [--server-pid PID] [--etcd-serializable]

          --target         akkakv: PUT/GET /v1/kv/{key};  etcd: POST /v3/kv/put and /v3/kv/range (base64 JSON)
          --url            base URL; must be loopback (127.0.0.0/8, localhost, [::1]).
                           default http://127.0.0.1:8080 (akkakv) or http://127.0.0.1:2379 (etcd)
          --op             put, get, or mixed (mixed uses --read-fraction GETs)
          --connections    concurrent connections = concurrent in-flight requests (1..4096)
          --keys           key space; keys are key:<n>, n uniform in [0, keys)
          --value-size     value bytes per PUT (printable ASCII)
          --duration       measured seconds (<= 600); the tool stops by itself afterwards
          --warmup         seconds of load before measuring (not counted)
          --preload        PUT every key once before the run, so GETs hit
          --timeout        per-request timeout in seconds
          --etcd-serializable  etcd GETs as serializable ranges (local read, no quorum check) instead of linearizable
          --server-pid     also report the CPU the server process (same machine) used in the measured window

        Prints a human summary and one machine-readable line per op:
          RESULT target=.. op=.. ops_per_sec=.. p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. errors=.. ...
        Exit codes: 0 ok, 1 run produced no successful operations, 2 bad arguments, 3 target unreachable/wrong.
        """;

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        string? url = null;
        var targetSet = false;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Next()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Length)
                {
                    throw new OptionsException($"missing value for {arg}");
                }

                return args[++i];
            }

            switch (arg)
            {
                case "--target":
                    o = o with { Target = Next().ToLowerInvariant() switch
                    {
                        "akkakv" => TargetKind.AkkaKv,
                        "etcd" => TargetKind.Etcd,
                        var t => throw new OptionsException($"--target must be akkakv or etcd, not '{t}'"),
                    } };
                    targetSet = true;
                    break;
                case "--url":
                    url = Next();
                    break;
                case "--op":
                    o = o with { Op = Next().ToLowerInvariant() switch
                    {
                        "put" => OpKind.Put,
                        "get" => OpKind.Get,
                        "mixed" => OpKind.Mixed,
                        var v => throw new OptionsException($"--op must be put, get or mixed, not '{v}'"),
                    } };
                    break;
                case "--connections" or "-c":
                    o = o with { Connections = ParseInt(arg, Next(), 1, 4096) };
                    break;
                case "--keys":
                    o = o with { Keys = ParseInt(arg, Next(), 1, 10_000_000) };
                    break;
                case "--value-size":
                    o = o with { ValueSize = ParseInt(arg, Next(), 0, 1 << 20) };
                    break;
                case "--duration":
                    o = o with { DurationSeconds = ParseDouble(arg, Next(), 0.1, 600) };
                    break;
                case "--warmup":
                    o = o with { WarmupSeconds = ParseDouble(arg, Next(), 0, 60) };
                    break;
                case "--preload":
                    o = o with { Preload = inline is null || ParseBool(arg, inline) };
                    break;
                case "--read-fraction":
                    o = o with { ReadFraction = ParseDouble(arg, Next(), 0, 1) };
                    break;
                case "--seed":
                    o = o with { Seed = ParseInt(arg, Next(), int.MinValue, int.MaxValue) };
                    break;
                case "--etcd-serializable":
                    o = o with { EtcdSerializable = inline is null || ParseBool(arg, inline) };
                    break;
                case "--server-pid":
                    o = o with { ServerPid = ParseInt(arg, Next(), 1, int.MaxValue) };
                    break;
                case "--timeout":
                    o = o with { TimeoutSeconds = ParseDouble(arg, Next(), 0.1, 300) };
                    break;
                default:
                    throw new OptionsException($"unknown argument '{args[i]}'");
            }
        }

        if (!targetSet)
        {
            throw new OptionsException("--target akkakv|etcd is required");
        }

        url ??= o.Target == TargetKind.Etcd ? "http://127.0.0.1:2379" : "http://127.0.0.1:8080";
        return o with { Url = ValidateLoopbackUrl(url) };
    }

    /// <summary>Only loopback targets are allowed: this workplace forbids load traffic to any other address.</summary>
    public static Uri ValidateLoopbackUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new OptionsException($"--url '{url}' is not an absolute http(s) URL");
        }

        if (!IsLoopbackHost(uri.IdnHost))
        {
            throw new OptionsException($"--url host '{uri.Host}' is not loopback; only 127.0.0.0/8, localhost and [::1] are allowed");
        }

        // Normalise to a base with a trailing slash so relative paths append.
        var b = new UriBuilder(uri) { Query = string.Empty, Fragment = string.Empty };
        if (!b.Path.EndsWith('/'))
        {
            b.Path += "/";
        }

        return b.Uri;
    }

    public static bool IsLoopbackHost(string host)
    {
        host = host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip))
        {
            return IPAddress.IsLoopback(ip);
        }

        if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // localhost must resolve to loopback only; the connect callback re-checks every address anyway.
        var addrs = Dns.GetHostAddresses(host);
        return addrs.Length > 0 && addrs.All(a => IPAddress.IsLoopback(a) && a.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6);
    }

    private static int ParseInt(string name, string s, int min, int max)
    {
        if (!int.TryParse(s.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new OptionsException($"{name} must be an integer in [{min}, {max}], not '{s}'");
        }

        return v;
    }

    private static double ParseDouble(string name, string s, double min, double max)
    {
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= min && v <= max))
        {
            throw new OptionsException($"{name} must be a number in [{min}, {max}], not '{s}'");
        }

        return v;
    }

    private static bool ParseBool(string name, string s) => s.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new OptionsException($"{name} must be true or false, not '{s}'"),
    };
}
