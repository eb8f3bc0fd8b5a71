namespace AkkaKv.Server.Http;

/// <summary>GET /v1/cluster: the members as this node sees them, the keyspace the cluster was born with, and how the
/// slots are spread (per node; per slot with <c>?slots=true</c>). <c>keyspace</c> is null (and the slot map empty)
/// while the keyspace coordinator does not answer, e.g. while it moves to another node.</summary>
public sealed record ClusterResponse(
    string Self,
    IReadOnlyList<MemberResponse> Members,
    KeyspaceResponse? Keyspace,
    IReadOnlyList<NodeSlotsResponse> SlotsByNode,
    int UnownedSlots,
    IReadOnlyList<SlotResponse>? Slots);

public sealed record MemberResponse(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

public sealed record KeyspaceResponse(int SlotCount, int ShardCount, string Mode, DateTimeOffset BornAt);

public sealed record NodeSlotsResponse(string Address, int Slots, long Keys);

public sealed record SlotResponse(int Slot, string? Owner, int Keys, long Revision);
