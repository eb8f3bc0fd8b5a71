using AkkaKv.Keys;

namespace AkkaKv.Actors.Hosting;

/// <summary>Store: every write journaled before it is acknowledged. Cache: memory only, evicting keys to stay within a budget.</summary>
public enum StorageMode
{
    Store,
    Cache,
}

public enum JournalProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Every setting of a node, bound once from the "AkkaKv" configuration section
/// (appsettings.json, or environment variables such as <c>AkkaKv__Http__Port</c>).</summary>
public sealed class AkkaKvSettings
{
    public const string SectionName = "AkkaKv";

    public StorageMode Mode { get; set; } = StorageMode.Store;

    /// <summary>Where the SQLite journal and the keyspace marker live.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>Fixed at keyspace birth; a node started on data with another count refuses to start.</summary>
    public int SlotCount { get; set; } = SlotHasher.DefaultSlotCount;

    /// <summary>Akka shards (units of rebalancing); shard = slot mod this.</summary>
    public int ShardCount { get; set; } = 128;

    public HttpSettings Http { get; set; } = new();

    public RespSettings Resp { get; set; } = new();

    public ManagementSettings Management { get; set; } = new();

    public RemoteSettings Remote { get; set; } = new();

    public ClusterSettings Cluster { get; set; } = new();

    public JournalSettings Journal { get; set; } = new();

    public LimitSettings Limits { get; set; } = new();

    public MemorySettings Memory { get; set; } = new();

    public ReplicationSettings Replication { get; set; } = new();

    /// <summary>How long a front end waits for a slot before answering "unavailable, retry": far above a journal
    /// commit, and the bound on a request stalled in a hand-off. (A request that sharding drops while its slot moves
    /// is answered at once instead: <see cref="Slots.LostCommandReplier"/>.)</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Events a slot journals between snapshots.</summary>
    public int SnapshotEvery { get; set; } = 1000;
}

public sealed class HttpSettings
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); the chosen one is logged as "Now listening on".</summary>
    public int Port { get; set; } = 8080;
}

/// <summary>The Redis-protocol listener.</summary>
public sealed class RespSettings
{
    public bool Enabled { get; set; } = true;

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); the chosen one is logged as "RESP listening on".</summary>
    public int Port { get; set; } = 6379;

    /// <summary>When set, clients must AUTH (or HELLO … AUTH) before any other command, as with Redis requirepass.</summary>
    public string? Password { get; set; }

    /// <summary>A client that reads none of its replies for this long (its output buffer stays full) is disconnected.</summary>
    public TimeSpan OutputStallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which sockets layer serves RESP: <c>auto</c> (epoll on Linux, Kestrel elsewhere), <c>epoll</c> or
    /// <c>kestrel</c>. The epoll one reads each ready socket once and answers on the thread that read, as Redis does.</summary>
    public string Transport { get; set; } = "auto";

    /// <summary>Threads waiting on epoll for the RESP sockets (each connection stays on one); 0: one per two cores.</summary>
    public int IoThreads { get; set; }
}

/// <summary>The management endpoint the <c>akkakv</c> command line talks to (HTTP/JSON; see src/AkkaKv.Management/README.md).</summary>
public sealed class ManagementSettings
{
    public bool Enabled { get; set; } = true;

    /// <summary>Loopback by default: the endpoint can take a node out of the cluster.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>pbm's port; 0 picks a free port (tests).</summary>
    public int Port { get; set; } = 9110;

    /// <summary>When set, requests that change something (cluster leave/down/join, config set) must carry
    /// <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
    public string? Token { get; set; }
}

public sealed class RemoteSettings
{
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Address other nodes use to reach this one, when it differs from Host (Kubernetes pod DNS names).</summary>
    public string? PublicHost { get; set; }

    public int Port { get; set; } = 4053;

    /// <summary>Seed nodes (akka.tcp://akkakv@host:port). Empty: the node forms a cluster of its own.</summary>
    public string[] Seeds { get; set; } = [];
}

/// <summary>The Split Brain Resolver: how the cluster decides which nodes to down when some become unreachable
/// (Akka.NET's strategy names; a downed node stops serving, and its slots move to the nodes that remain).</summary>
public sealed class ClusterSettings
{
    /// <summary>keep-majority (default), static-quorum, keep-oldest.</summary>
    public string DowningStrategy { get; set; } = "keep-majority";

    /// <summary>How long membership must be stable before the resolver acts; it bounds how long a crashed node's slots
    /// are unavailable (failover took ~21 s at 7 s, Akka's guidance for clusters under ~10 nodes; ~17 s at 5 s).
    /// Akka's own default is 20 s. Lower means faster failover but a node paused longer than ~3 s + this is downed.</summary>
    public TimeSpan StableAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long, after a downed node is removed, the survivors wait before starting its slots and singletons
    /// elsewhere (Akka's <c>down-removal-margin</c>; with the resolver it defaults to <see cref="StableAfter"/>, which
    /// made SIGKILL failover ~17 s). The margin gives the other side of a partition time to stop its own copies; here the
    /// PostgreSQL journal's primary key (persistence id, sequence number) is what keeps two copies of a slot from both
    /// committing a write, so a short margin cannot lose an acknowledged write: the copy that loses the race fails its
    /// write, is not acknowledged, and restarts from the journal.</summary>
    public TimeSpan DownRemovalMargin { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>static-quorum only: members that must remain for a side to survive.</summary>
    public int QuorumSize { get; set; }

    /// <summary>Commands for slots on other nodes go to those nodes in batches, straight to the slot
    /// (<see cref="Forwarding.SlotForwarding"/>); off sends each through the shard region, as before it existed.</summary>
    public bool Forwarding { get; set; } = true;

    /// <summary>Forwarded commands travel over a TCP connection of their own between each pair of nodes (the forward
    /// channel), not over remoting; off sends them over remoting. Nodes of both kinds work together.</summary>
    public bool ForwardingChannel { get; set; } = true;

    /// <summary>The forward channel's port, on the remoting host; 0 (the default) takes any free port, which the node
    /// announces to the others. Set it where only known ports are open between nodes.</summary>
    public int ForwardingChannelPort { get; set; }
}

public sealed class JournalSettings
{
    public JournalProvider Provider { get; set; } = JournalProvider.Sqlite;

    /// <summary>PostgreSQL connection string; for SQLite, empty means "&lt;DataDir&gt;/akkakv.db".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Most events the journal commits in one transaction.</summary>
    public int MaxBatchSize { get; set; } = 4096;
}

public sealed class LimitSettings
{
    public int MaxKeyBytes { get; set; } = KeyLimits.DefaultMaxKeyBytes;

    public int MaxValueBytes { get; set; } = KeyLimits.DefaultMaxValueBytes;

    public KeyLimits ToKeyLimits() => new(MaxKeyBytes, MaxValueBytes);
}

/// <summary>The node's memory budget (Redis's names in brackets); all of it changeable at run time through CONFIG SET
/// and the management API. See docs in README "Memory budget and eviction".</summary>
public sealed class MemorySettings
{
    /// <summary>[maxmemory] bytes, with Redis's units (64mb, 1gb); 0 = no budget.</summary>
    public string MaxMemory { get; set; } = "0";

    /// <summary>Most keys the node holds; 0 = no limit.</summary>
    public long MaxKeys { get; set; }

    /// <summary>[maxmemory-policy] Redis's policy names; empty means allkeys-lru in cache mode and noeviction in store
    /// mode, which evicts nothing (an eviction would have to be journaled): over budget its writes are refused.</summary>
    public string? Policy { get; set; }

    /// <summary>[maxmemory-samples] keys sampled per eviction.</summary>
    public int Samples { get; set; } = 5;

    /// <summary>[lfu-log-factor]</summary>
    public int LfuLogFactor { get; set; } = 10;

    /// <summary>[lfu-decay-time] minutes.</summary>
    public int LfuDecayTime { get; set; } = 1;

    /// <summary>The budget these settings describe; throws with the reason when one is invalid (the node does not start).</summary>
    public Memory.EvictionSettings ToEvictionSettings(StorageMode mode)
    {
        if (!RuntimeConfig.TryParseMemory(MaxMemory, out var bytes))
        {
            throw new InvalidOperationException($"AkkaKv:Memory:MaxMemory '{MaxMemory}' is not a size: {RuntimeConfig.Expected(RuntimeConfig.MaxMemoryName)}");
        }

        var policyName = string.IsNullOrWhiteSpace(Policy) ? RuntimeConfig.DefaultPolicy(mode) : Policy;
        if (!Memory.EvictionPolicies.TryParse(policyName, out var policy))
        {
            throw new InvalidOperationException($"AkkaKv:Memory:Policy '{Policy}' is not one of {string.Join(", ", Memory.EvictionPolicies.All)}");
        }

        if (RuntimeConfig.RefusePolicy(mode, policy) is { } refusal)
        {
            throw new InvalidOperationException($"AkkaKv:Memory:Policy: {refusal}");
        }

        if (MaxKeys < 0 || Samples is < 1 or > 64 || LfuLogFactor < 0 || LfuDecayTime < 0)
        {
            throw new InvalidOperationException("AkkaKv:Memory: MaxKeys, LfuLogFactor and LfuDecayTime must be 0 or more, Samples 1 to 64");
        }

        return new Memory.EvictionSettings(bytes, MaxKeys, policy, Samples, LfuLogFactor, LfuDecayTime);
    }
}
