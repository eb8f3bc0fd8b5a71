using Akka.Actor;
using Akka.Configuration;
using Akka.DistributedData;
using AkkaKv.Keys;
using AkkaKv.Messages;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>This node's part in replication: the settings, the DistributedData replicator that holds this node's
/// replica of every replicated key, and the <see cref="ReplicaWriter"/> slots hand their changes to. With replication
/// off (no replicated prefixes) none of it starts, and nothing on the slot path changes.</summary>
public sealed class NodeReplication : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly Lazy<IActorRef> _replicator;
    private readonly Lazy<IActorRef> _writer;
    private long _pushedBatches;
    private long _aggregatedBatches;

    public NodeReplication(ExtendedActorSystem system, ReplicaSettings settings, SlotHasher hasher)
    {
        _system = system;
        Settings = settings;
        Hasher = hasher;
        _replicator = new Lazy<IActorRef>(() => DistributedData.Get(_system).Replicator);
        _writer = new Lazy<IActorRef>(() => _system.SystemActorOf(ReplicaWriter.Props(this), "replica-writer"));
    }

    /// <summary>How a refusal over the replicated budget starts: Redis's OOM error class, so RESP clients see the error
    /// they already handle, and the HTTP API answers 507 as for the node's own budget.</summary>
    public const string BudgetFull = "OOM the replicated keyspaces are full: ";

    public ReplicaSettings Settings { get; }

    public SlotHasher Hasher { get; }

    public ReplicatedKeyspaces Keyspaces => Settings.Keyspaces;

    public bool Enabled => Settings.Enabled;

    public ReplicaUsage Usage { get; } = new();

    /// <summary>Majority/all batches this node acknowledged by pushing them over the forward channel.</summary>
    public long PushedBatches => Interlocked.Read(ref _pushedBatches);

    /// <summary>Majority/all batches this node sent through DistributedData's write aggregator (too few channels).</summary>
    public long AggregatedBatches => Interlocked.Read(ref _aggregatedBatches);

    public IActorRef Replicator => _replicator.Value;

    public IActorRef Writer => _writer.Value;

    public static NodeReplication For(ActorSystem system) => system.WithExtension<NodeReplication, NodeReplicationProvider>();

    public bool IsReplicated(string key) => Settings.Keyspaces.Contains(key);

    /// <summary>As <see cref="IsReplicated(string)"/>, for a key as UTF-8 (an entry's: no string decoded).</summary>
    public bool IsReplicated(ReadOnlySpan<byte> utf8Key) => Settings.Keyspaces.Contains(utf8Key);

    internal void CountPushed(int batches) => Interlocked.Add(ref _pushedBatches, batches);

    internal void CountAggregated() => Interlocked.Increment(ref _aggregatedBatches);

    /// <summary>The write consistency a command asked for, or the node's default.</summary>
    public WriteConsistency ConsistencyOf(ISlotCommand command) =>
        command is WithConsistency wrapped ? wrapped.Consistency : Settings.Write;

    /// <summary>Why a command that may grow the replicated keyspaces cannot run now (their budget is spent); null when it may.</summary>
    public string? RefuseOverBudget(ISlotCommand command)
    {
        if (!command.MayGrow || !Keyspaces.TouchesAny(command))
        {
            return null;
        }

        var settings = Settings;
        if (settings.MaxBytes > 0 && Usage.Bytes >= settings.MaxBytes)
        {
            return $"{BudgetFull}{Usage.Bytes} of {settings.MaxBytes} bytes (AkkaKv:Replication:MaxMemory); delete replicated keys or raise the budget";
        }

        if (settings.MaxKeys > 0 && Usage.Keys >= settings.MaxKeys)
        {
            return $"{BudgetFull}{Usage.Keys} of {settings.MaxKeys} keys (AkkaKv:Replication:MaxKeys); delete replicated keys or raise the limit";
        }

        return null;
    }

    public IReadConsistency ToReadConsistency(ReadConsistency level) => level == ReadConsistency.Majority
        ? new ReadMajority(Settings.Timeout)
        : ReadLocal.Instance;

    public IWriteConsistency ToWriteConsistency(WriteConsistency level) => level switch
    {
        WriteConsistency.Majority => new WriteMajority(Settings.Timeout),
        WriteConsistency.All => new WriteAll(Settings.Timeout),
        _ => WriteLocal.Instance,
    };
}

/// <summary>Creates <see cref="NodeReplication"/> from akkakv.replication (absent: replication off).</summary>
public sealed class NodeReplicationProvider : ExtensionIdProvider<NodeReplication>
{
    public const string Path = "akkakv.replication";

    public override NodeReplication CreateExtension(ExtendedActorSystem system)
    {
        var root = system.Settings.Config;
        var hasher = new SlotHasher(root.GetInt(Slots.LocalSlotsProvider.SlotCountPath, SlotHasher.DefaultSlotCount));
        var config = root.GetConfig(Path);
        if (config is null || config.IsEmpty)
        {
            return new NodeReplication(system, ReplicaSettings.Off, hasher);
        }

        var settings = new ReplicaSettings(
            new ReplicatedKeyspaces(config.GetStringList("prefixes")),
            ConsistencyNames.TryParse(config.GetString("write"), out WriteConsistency write) ? write : WriteConsistency.Majority,
            ConsistencyNames.TryParse(config.GetString("read"), out ReadConsistency read) ? read : ReadConsistency.Linearizable,
            config.GetTimeSpan("timeout", TimeSpan.FromSeconds(2)),
            config.GetLong("max-bytes", 0),
            config.GetLong("max-keys", 0));
        return new NodeReplication(system, settings, hasher);
    }

    public static string ToHocon(ReplicaSettings settings)
    {
        var prefixes = string.Join(", ", settings.Keyspaces.Prefixes.Select(p => "\"" + p.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        return FormattableString.Invariant($$"""
            {{Path}} {
              prefixes = [{{prefixes}}]
              write = "{{ConsistencyNames.NameOf(settings.Write)}}"
              read = "{{ConsistencyNames.NameOf(settings.Read)}}"
              timeout = {{(long)settings.Timeout.TotalMilliseconds}}ms
              max-bytes = {{settings.MaxBytes}}
              max-keys = {{settings.MaxKeys}}
            }
            """);
    }
}
