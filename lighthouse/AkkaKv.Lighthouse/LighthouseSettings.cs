using System.Collections;
using System.Net;
using AkkaKv.Actors.Hosting;

namespace AkkaKv.Lighthouse;

/// <summary>Petabridge Lighthouse's environment variables (<c>CLUSTER_IP</c>, <c>CLUSTER_PORT</c>, <c>CLUSTER_SEEDS</c>)
/// applied on top of the node's <c>AkkaKv:Remote</c> settings, and the lighthouse's own address added to its seeds.
/// Pure (environment in, settings out), so it is tested without processes.</summary>
public static class LighthouseSettings
{
    /// <summary>The host name or IP other members reach this lighthouse at (→ <c>Remote:PublicHost</c>).</summary>
    public const string ClusterIp = "CLUSTER_IP";

    /// <summary>The Akka.Remote port (→ <c>Remote:Port</c>; default 4053).</summary>
    public const string ClusterPort = "CLUSTER_PORT";

    /// <summary>Comma-separated seed addresses, <c>akka.tcp://akkakv@host:port</c> (replaces <c>Remote:Seeds</c>).</summary>
    public const string ClusterSeeds = "CLUSTER_SEEDS";

    private const string AnyAddress = "0.0.0.0";

    /// <summary>The remote settings a lighthouse runs with: <paramref name="configured"/> (from appsettings.json,
    /// <c>AkkaKv__Remote__…</c>, <c>--AkkaKv:Remote:…</c>) overridden by the CLUSTER_* variables, and its own address
    /// appended to the seeds when it is not there yet. <paramref name="configured"/> is not changed.</summary>
    /// <exception cref="FormatException">a variable or setting is set but malformed; the message is one line.</exception>
    public static RemoteSettings Apply(RemoteSettings configured, IReadOnlyDictionary<string, string?> environment)
    {
        var remote = new RemoteSettings
        {
            Host = configured.Host,
            PublicHost = string.IsNullOrWhiteSpace(configured.PublicHost) ? null : configured.PublicHost,
            Port = configured.Port,
        };

        if (Get(environment, ClusterIp) is { } clusterIp)
        {
            if (Uri.CheckHostName(clusterIp) == UriHostNameType.Unknown)
            {
                throw new FormatException($"{ClusterIp} '{clusterIp}' is not a host name or IP address (the port goes in {ClusterPort})");
            }

            if (IsAnyAddress(clusterIp))
            {
                throw new FormatException($"{ClusterIp} '{clusterIp}' must be the address other members reach this lighthouse at, not a wildcard");
            }

            remote.PublicHost = clusterIp;
            // The public name may be a DNS name or a Service/NAT address that is on no local interface (Kubernetes), so
            // binding to it could fail, and a loopback bind cannot be reached at a non-loopback name: listen on every
            // interface, as Petabridge's Lighthouse does. A loopback CLUSTER_IP keeps the loopback bind, and a bind
            // address chosen on purpose (AkkaKv:Remote:Host, not loopback) is kept.
            if (!IsLoopback(clusterIp) && IsLoopback(remote.Host))
            {
                remote.Host = AnyAddress;
            }
        }

        if (Get(environment, ClusterPort) is { } clusterPort)
        {
            remote.Port = int.TryParse(clusterPort, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                ? port
                : throw new FormatException($"{ClusterPort} '{clusterPort}' is not a port number (1-65535)");
        }

        if (remote.Port is < 1 or > 65535)
        {
            // Port 0 would pick a free port, but the lighthouse's address must be known to be a seed.
            throw new FormatException($"the lighthouse's port {remote.Port} must be 1-65535 (set {ClusterPort})");
        }

        if (IsAnyAddress(remote.PublicHost ?? remote.Host))
        {
            throw new FormatException($"a lighthouse listening on {remote.Host} needs {ClusterIp} (or AkkaKv:Remote:PublicHost): the address other members reach it at");
        }

        var seeds = Get(environment, ClusterSeeds) is { } clusterSeeds
            ? clusterSeeds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(seed => ParseSeed(seed, ClusterSeeds))
            : configured.Seeds.Select(seed => ParseSeed(seed.Trim(), "AkkaKv:Remote:Seeds"));

        // Appended, not prepended: only the FIRST seed of the list forms a new cluster when no other seed answers. When
        // every lighthouse is given the same CLUSTER_SEEDS, the first of them bootstraps and the others join it, instead
        // of each forming an island of its own. Alone (no seeds), the lighthouse is its own first seed.
        remote.Seeds = seeds
            .Append(SelfAddress(remote))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return remote;
    }

    /// <summary>The address the lighthouse is known by, as it appears in seed lists: akka.tcp://akkakv@public-host:port.</summary>
    public static string SelfAddress(RemoteSettings remote) =>
        Address(remote.PublicHost ?? remote.Host, remote.Port);

    /// <summary>The CLUSTER_* variables of this process.</summary>
    public static IReadOnlyDictionary<string, string?> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables()
            .Cast<DictionaryEntry>()
            .Where(entry => entry.Key is ClusterIp or ClusterPort or ClusterSeeds)
            .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value);

    private static string ParseSeed(string seed, string source)
    {
        var example = $"akka.tcp://{AkkaConfiguration.SystemName}@host:port";
        if (!Uri.TryCreate(seed, UriKind.Absolute, out var uri)
            || uri.Scheme != "akka.tcp"
            || uri.Host.Length == 0
            || uri.Port is < 1 or > 65535
            || uri.AbsolutePath is not ("" or "/")
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0)
        {
            throw new FormatException($"{source}: '{seed}' is not a seed address like {example}");
        }

        if (uri.UserInfo != AkkaConfiguration.SystemName)
        {
            throw new FormatException($"{source}: '{seed}' names actor system '{uri.UserInfo}'; AkkaKv's is '{AkkaConfiguration.SystemName}' ({example})");
        }

        return Address(uri.Host, uri.Port);
    }

    private static string Address(string host, int port)
    {
        // An IPv6 literal is bracketed in an address (Uri.Host already brackets it).
        var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return $"akka.tcp://{AkkaConfiguration.SystemName}@{hostPart}:{port}";
    }

    private static string? Get(IReadOnlyDictionary<string, string?> environment, string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool IsAnyAddress(string host) => host is AnyAddress or "::" or "[::]" or "*";

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
