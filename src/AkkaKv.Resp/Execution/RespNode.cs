using AkkaKv.Actors.Forwarding;
using System.Collections.Concurrent;
using Akka.Actor;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Keys;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Execution;

/// <summary>What every RESP connection of a node shares: the way to the slots, the settings, the live connections and
/// the counters INFO reports.</summary>
public sealed class RespNode
{
    private long _nextClientId;
    private long _commandsProcessed;
    private long _connectionsReceived;

    private readonly RespEndpoint _endpoint;
    private readonly Akka.Actor.CoordinatedShutdown _shutdown;
    private readonly Akka.Cluster.Cluster _cluster;

    public RespNode(KvGateway gateway, AkkaKvSettings settings, ActorSystem system, RespEndpoint endpoint, RuntimeConfig config)
    {
        _endpoint = endpoint;
        Gateway = gateway;
        Settings = settings;
        System = system;
        Limits = new RespLimits(MaxBulkBytes: Math.Max(settings.Limits.MaxValueBytes, settings.Limits.MaxKeyBytes));
        Config = config;
        Routes = SlotForwarding.For(system).Directory;
        _shutdown = Akka.Actor.CoordinatedShutdown.Get(system);
        _cluster = Akka.Cluster.Cluster.Get(system);
    }

    /// <summary>Null while this node serves data commands; otherwise why not (read once per batch of commands).</summary>
    public string? UnavailableReason => AkkaKv.Actors.Hosting.NodeServing.UnavailableReason(_shutdown, _cluster);

    /// <summary>Where this node sends commands for slots elsewhere (see <see cref="RespContext.KeepsRoute"/>).</summary>
    public SlotDirectory Routes { get; }

    public KvGateway Gateway { get; }

    public AkkaKvSettings Settings { get; }

    public ActorSystem System { get; }

    public LocalSlots Slots => Gateway.LocalSlots;

    public SlotHasher Hasher => Gateway.Hasher;

    public KeyLimits KeyLimits => Gateway.Limits;

    public RespLimits Limits { get; }

    /// <summary>The port actually bound (the configured one may be 0).</summary>
    public int Port => _endpoint.Bound?.Port ?? Settings.Resp.Port;

    /// <summary>The RESP listener's transport and its counters.</summary>
    public RespEndpoint Endpoint => _endpoint;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public ConcurrentDictionary<long, RespSession> Clients { get; } = new();

    /// <summary>CONFIG GET/SET's settings, shared with the management API.</summary>
    public RuntimeConfig Config { get; }

    public long CommandsProcessed => Interlocked.Read(ref _commandsProcessed);

    public long ConnectionsReceived => Interlocked.Read(ref _connectionsReceived);

    public long NextClientId() => Interlocked.Increment(ref _nextClientId);

    public void CountConnection() => Interlocked.Increment(ref _connectionsReceived);

    public void CountCommands(int n) => Interlocked.Add(ref _commandsProcessed, n);
}
