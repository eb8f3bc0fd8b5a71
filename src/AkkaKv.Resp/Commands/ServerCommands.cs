using System.Diagnostics;
using System.Globalization;
using System.Text;
using AkkaKv.Actors.Hosting;
using AkkaKv.Redis;
using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>Server commands: INFO, CONFIG, COMMAND, WAIT, TIME.</summary>
internal static class ServerCommands
{
    public static IEnumerable<RespCommand> All() =>
    [
        new("INFO", -1, ["loading", "stale"], 0, 0, 0, "server", "Returns information and statistics about the server.") { Direct = Info },
        new("CONFIG", -2, ["admin", "loading", "stale"], 0, 0, 0, "server", "A container for server configuration commands.") { Direct = Config },
        new("COMMAND", -1, ["loading", "stale"], 0, 0, 0, "server", "Returns detailed information about all commands.") { Direct = CommandIntrospection.Run },
        new("WAIT", 3, [], 0, 0, 0, "generic", "Blocks until the asynchronous replication of all preceding write commands sent by the connection is completed.") { Direct = Wait },
        new("CLUSTER", -2, ["stale"], 0, 0, 0, "cluster", "A container for Redis Cluster commands.") { Direct = Cluster },
        new("TIME", 1, ["loading", "stale", "fast"], 0, 0, 0, "server", "Returns the server time.") { Direct = Time },
        new("ROLE", 1, ["noscript", "loading", "stale", "fast"], 0, 0, 0, "server", "Returns the replication role.") { Direct = Role },
    ];

    /// <summary>WAIT numreplicas timeout: replies how many replicas acknowledged this connection's writes. A single
    /// node has none, so 0 at once (Redis would block until the timeout); replication maps this to its write consistency.</summary>
    private static ValueTask Wait(RespContext ctx)
    {
        if (!ctx.TryInteger(1, out _) || !ctx.TryInteger(2, out var timeout))
        {
            return default;
        }

        if (timeout < 0)
        {
            ctx.Error("ERR timeout is negative");
            return default;
        }

        ctx.Writer.Number(0);
        return default;
    }

    /// <summary>Clients probe CLUSTER on connect; a node answers as a standalone Redis does (AkkaKv partitions the
    /// keyspace itself, so clients need no cluster routing).</summary>
    private static ValueTask Cluster(RespContext ctx)
    {
        ctx.Error("ERR This instance has cluster support disabled");
        return default;
    }

    private static ValueTask Time(RespContext ctx)
    {
        var micros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        ctx.Writer.Array(2);
        ctx.Writer.Bulk((micros / 1_000_000).ToString(CultureInfo.InvariantCulture));
        ctx.Writer.Bulk((micros % 1_000_000).ToString(CultureInfo.InvariantCulture));
        return default;
    }

    /// <summary>ROLE: every node is a master of its slots to Redis clients (INFO replication says the same): "master",
    /// replication offset 0, no replicas.</summary>
    private static ValueTask Role(RespContext ctx)
    {
        ctx.Writer.Array(3);
        ctx.Writer.Bulk("master");
        ctx.Writer.Number(0);
        ctx.Writer.Array(0);
        return default;
    }

    /// <summary>CONFIG GET pattern [pattern …] | SET name value [name value …] | RESETSTAT | REWRITE.</summary>
    private static readonly Subcommands ConfigSubcommands = new("CONFIG", ("GET", -3), ("SET", -4), ("RESETSTAT", 2), ("REWRITE", 2), ("HELP", 2));

    private static ValueTask Config(RespContext ctx)
    {
        var request = ctx.Request;
        switch (ConfigSubcommands.Resolve(ctx))
        {
            case "GET":
                var parameters = Parameters(ctx.Node);
                var matches = new List<KeyValuePair<string, string>>();
                for (var i = 2; i < request.Count; i++)
                {
                    var pattern = new GlobPattern((request.Text(i) ?? string.Empty).ToLowerInvariant());
                    matches.AddRange(parameters.Where(p => pattern.IsMatch(p.Key) && !matches.Contains(p)));
                }

                ctx.Writer.Map(matches.Count);
                foreach (var (name, value) in matches)
                {
                    ctx.Writer.Bulk(name);
                    ctx.Writer.Bulk(value);
                }

                break;
            case "SET" when request.Count % 2 == 1:
                ctx.SyntaxError(); // not name-value pairs: Redis's word for it
                break;
            case "SET":
                ConfigSet(ctx);
                break;
            case "RESETSTAT":
                ctx.Writer.Ok();
                break;
            case "HELP":
                SubcommandHelp.Write(
                    ctx.Writer,
                    "CONFIG",
                    ("GET <pattern>", ["Return parameters matching the glob-like <pattern> and their values."]),
                    ("SET <directive> <value> [<directive> <value> ...]", ["Set the configuration <directive> to <value> (the memory budget's settings)."]),
                    ("RESETSTAT", ["Accepted; the counters are not reset."]));
                break;
            case "REWRITE":
                ctx.Error("ERR AkkaKv takes its configuration from appsettings.json and environment variables; CONFIG REWRITE is not supported");
                break;
        }

        return default;
    }

    /// <summary>All parameters are checked before any is applied, as Redis does.</summary>
    private static void ConfigSet(RespContext ctx)
    {
        var request = ctx.Request;
        var config = ctx.Node.Config;
        var changes = new List<(string Name, string Value)>();
        for (var i = 2; i < request.Count; i += 2)
        {
            var name = (request.Text(i) ?? string.Empty).ToLowerInvariant();
            var value = request.Text(i + 1) ?? string.Empty;
            switch (config.Check(name, value))
            {
                case ConfigRejection.BadValue:
                    ctx.Error($"ERR CONFIG SET failed (possibly related to argument '{name}') - {ConfigSetRefusal.Reason(ctx.Node.Settings.Mode, name, value)}");
                    return;
                case ConfigRejection.UnknownName:
                    ctx.Error($"ERR Unknown option or number of arguments for CONFIG SET - '{name}'");
                    return;
            }

            changes.Add((name, value));
        }

        foreach (var (name, value) in changes)
        {
            config.Set(name, value);
        }

        ctx.Writer.Ok();
    }

    // Every setting CONFIG SET takes is listed, so that a value set can be read back; then fixed facts clients read.
    private static List<KeyValuePair<string, string>> Parameters(RespNode node) =>
    [
        .. RuntimeConfig.Names.Select(name => new KeyValuePair<string, string>(name, node.Config.Get(name)!)),
        new("databases", "1"),
        new("proto-max-bulk-len", node.Limits.MaxBulkBytes.ToString(CultureInfo.InvariantCulture)),
        new("port", node.Port.ToString(CultureInfo.InvariantCulture)),
        new("bind", node.Settings.Resp.Host),
        new("appendonly", node.Settings.Mode == StorageMode.Store ? "yes" : "no"),
        new("appendfsync", node.Settings.Mode == StorageMode.Store ? "always" : "no"),
        new("save", string.Empty),
        new("timeout", "0"),
        new("cluster-enabled", "no"),
        new("slave-read-only", "yes"),
        new("replica-read-only", "yes"),
    ];

    /// <summary>INFO [section …]: server, clients, memory, persistence, stats, replication, cpu, keyspace ("all" or
    /// "everything" for every one; the default set is the same here).</summary>
    /// <summary>INFO's run_id: 40 random hex characters, new with each process, as Redis's, so that monitoring tells a
    /// restart from a long uptime.</summary>
    private static readonly string RunId = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));

    private static async ValueTask Info(RespContext ctx)
    {
        var wanted = Enumerable.Range(1, ctx.Request.Count - 1).Select(i => ctx.Request.Word(i).ToLowerInvariant()).ToHashSet();
        var all = wanted.Count == 0 || wanted.Overlaps(["all", "everything", "default"]);
        var node = ctx.Node;
        var text = new StringBuilder();
        var process = Process.GetCurrentProcess();
        void Section(string name, params (string Key, object Value)[] fields)
        {
            if (!all && !wanted.Contains(name))
            {
                return;
            }

            if (text.Length > 0)
            {
                text.Append("\r\n");
            }

            // Redis's headers: "# Server", "# Keyspace" … and "# CPU".
            text.Append("# ").Append(name == "cpu" ? "CPU" : $"{char.ToUpperInvariant(name[0])}{name.AsSpan(1)}").Append("\r\n");
            foreach (var (key, value) in fields)
            {
                text.Append(key).Append(':').Append(Convert.ToString(value, CultureInfo.InvariantCulture)).Append("\r\n");
            }
        }

        var uptime = (long)(DateTimeOffset.UtcNow - node.StartedAt).TotalSeconds;
        Section(
            "server",
            ("redis_version", ConnectionCommands.ServerVersion),
            ("akkakv_version", typeof(ServerCommands).Assembly.GetName().Version?.ToString() ?? "0"),
            ("redis_mode", "standalone"),
            ("run_id", RunId),
            ("os", System.Runtime.InteropServices.RuntimeInformation.OSDescription),
            ("arch_bits", IntPtr.Size * 8),
            ("process_id", Environment.ProcessId),
            ("tcp_port", node.Port),
            ("akkakv_resp_transport", node.Endpoint.Transport),
            ("uptime_in_seconds", uptime),
            ("uptime_in_days", uptime / 86400),
            ("executable", Environment.ProcessPath ?? string.Empty));
        Section(
            "clients",
            ("connected_clients", node.Clients.Count),
            ("blocked_clients", 0),
            ("maxclients", 10000));
        var gc = GC.GetGCMemoryInfo();
        Section(
            "memory",
            ("used_memory", GC.GetTotalMemory(false)),
            ("used_memory_human", Human(GC.GetTotalMemory(false))),
            ("used_memory_rss", process.WorkingSet64),
            ("used_memory_rss_human", Human(process.WorkingSet64)),
            ("used_memory_peak", process.PeakWorkingSet64),
            // What the budget counts: keys and values by the entry-size model (see README, "Memory budget").
            ("used_memory_dataset", node.Slots.Memory.Bytes),
            ("used_memory_dataset_human", Human(node.Slots.Memory.Bytes)),
            ("total_system_memory", gc.TotalAvailableMemoryBytes),
            ("maxmemory", node.Config.MaxMemory),
            ("maxmemory_human", Human(node.Config.MaxMemory)),
            ("maxmemory_policy", node.Config.MaxMemoryPolicy),
            ("mem_allocator", GarbageCollectorName.Current));
        Section(
            "persistence",
            ("loading", 0),
            ("aof_enabled", node.Settings.Mode == StorageMode.Store ? 1 : 0),
            ("akkakv_mode", node.Settings.Mode.ToString().ToLowerInvariant()),
            ("akkakv_journal", node.Settings.Mode == StorageMode.Store ? node.Settings.Journal.Provider.ToString().ToLowerInvariant() : "none"));
        Section(
            "stats",
            ("total_connections_received", node.ConnectionsReceived),
            ("total_commands_processed", node.CommandsProcessed),
            ("akkakv_resp_shared_waits", node.Endpoint.SharedWaits),
            ("akkakv_resp_loop_resumes", node.Endpoint.LoopResumes),
            ("expired_keys", node.Slots.Memory.Expired),
            ("evicted_keys", node.Slots.Memory.Evicted),
            ("keyspace_hits", node.Slots.Memory.Hits),
            ("keyspace_misses", node.Slots.Memory.Misses));
        Section(
            "replication",
            ("role", "master"),
            ("connected_slaves", 0),
            ("master_repl_offset", 0));
        Section(
            "cpu",
            ("used_cpu_sys", process.PrivilegedProcessorTime.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture)),
            ("used_cpu_user", process.UserProcessorTime.TotalSeconds.ToString("0.000000", CultureInfo.InvariantCulture)));
        // Not Redis Cluster's protocol: the node routes keys itself, so clients see one standalone server (CLUSTER is refused).
        Section("cluster", ("cluster_enabled", 0));
        if (all || wanted.Contains("keyspace"))
        {
            var (keys, expires) = await KeyspaceCounts(ctx);
            Section("keyspace", keys > 0 ? [("db0", $"keys={keys},expires={expires},avg_ttl=0")] : []);
        }

        ctx.Writer.Verbatim(text.ToString());
    }

    private static async ValueTask<(long Keys, long Expires)> KeyspaceCounts(RespContext ctx)
    {
        long keys = 0, expires = 0;
        for (var slot = 0; slot < ctx.Node.Hasher.SlotCount; slot++)
        {
            if (ctx.Node.Slots.Find(slot) is { } local)
            {
                keys += local.State.Count;
                expires += local.State.CountWithExpiry();
            }
            else
            {
                keys += (await ctx.Node.Gateway.AskSlotAsync<Messages.SlotReady>(new Messages.PingSlot(slot))).Keys;
            }
        }

        return (keys, expires);
    }

    private static string Human(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.00}G",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.00}M",
        >= 1L << 10 => $"{bytes / 1024.0:0.00}K",
        _ => $"{bytes}B",
    };
}
