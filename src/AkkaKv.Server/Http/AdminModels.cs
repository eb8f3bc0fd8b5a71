namespace AkkaKv.Server.Http;

/// <summary>GET /v1/admin/slots: the slot → node map with each slot's last reported size.</summary>
public sealed record SlotsResponse(int SlotCount, int ShardCount, string Mode, IReadOnlyList<SlotMapEntry> Slots);

public sealed record SlotMapEntry(int Slot, string? Owner, int Keys, long Bytes, long Revision);

/// <summary>GET /v1/admin/stats: this node's counters.</summary>
public sealed record StatsResponse(
    string Address,
    string Mode,
    double UptimeSeconds,
    long Keys,
    int LocalSlots,
    RespStats Resp,
    MemoryStats Memory,
    BudgetStats Budget,
    ReplicationStats Replication,
    ForwardingStats Forwarding);

public sealed record RespStats(int ConnectedClients, long TotalConnections, long TotalCommands);

public sealed record MemoryStats(long ManagedHeapBytes, long WorkingSetBytes, IReadOnlyList<int> GcCollections);

/// <summary>The memory budget and what it counts: bytes by the entry-size model, keys, and Redis's counters.</summary>
public sealed record BudgetStats(
    long UsedBytes,
    long MaxMemoryBytes,
    long Keys,
    long MaxKeys,
    string Policy,
    long Hits,
    long Misses,
    long Evicted,
    long Expired)
{
    public static BudgetStats Of(AkkaKv.Memory.KeyspaceMemory memory)
    {
        var settings = memory.Settings;
        return new BudgetStats(
            memory.Bytes, settings.MaxMemoryBytes, memory.Keys, settings.MaxKeys, AkkaKv.Memory.EvictionPolicies.NameOf(settings.Policy),
            memory.Hits, memory.Misses, memory.Evicted, memory.Expired);
    }
}

/// <summary>The replicated keyspaces as this node's replica holds them, and their budget.</summary>
public sealed record ReplicationStats(
    bool Enabled,
    IReadOnlyList<string> Prefixes,
    string WriteConsistency,
    string ReadConsistency,
    long Keys,
    long MaxKeys,
    long UsedBytes,
    long MaxMemoryBytes)
{
    public static ReplicationStats Of(AkkaKv.Actors.Replication.NodeReplication replication)
    {
        var settings = replication.Settings;
        return new ReplicationStats(
            replication.Enabled,
            settings.Keyspaces.Prefixes,
            AkkaKv.Replication.ConsistencyNames.NameOf(settings.Write),
            AkkaKv.Replication.ConsistencyNames.NameOf(settings.Read),
            replication.Usage.Keys,
            settings.MaxKeys,
            replication.Usage.Bytes,
            settings.MaxBytes);
    }
}

/// <summary>Commands for other nodes' slots sent in batches (see SlotForwarding): sent from here, of those rerouted
/// through the region (the slot had moved), served here for other nodes, and waiting for a reply now.</summary>
public sealed record ForwardingStats(bool Enabled, long Sent, long Rerouted, long Served, int InFlight)
{
    public static ForwardingStats Of(AkkaKv.Actors.Forwarding.SlotForwarding forwarding, bool enabled) =>
        new(enabled, forwarding.Sent, forwarding.Rerouted, forwarding.Served, forwarding.InFlight);
}

public sealed record ConfigResponse(IReadOnlyList<ConfigSetting> Settings);

public sealed record ConfigSetting(string Name, string Value, bool Writable);

public sealed record ConfigSetRequest(string? Value);

public sealed record ConfigValueResponse(string Name, string Value);
