using System.Text.Json.Serialization;

namespace AkkaKv.Management;

/// <summary>GET /v1/admin/node: who answers. The ports are absent on a lighthouse.</summary>
public sealed record NodeInfoResponse(
    string Kind,
    string Address,
    IReadOnlyList<string> Roles,
    string Version,
    DateTimeOffset StartedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? HttpPort,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RespPort);

/// <summary>GET /v1/admin/cluster: membership as this member sees it.</summary>
public sealed record ClusterShowResponse(
    string Self,
    string SelfStatus,
    string? Leader,
    IReadOnlyList<ClusterMemberResponse> Members,
    IReadOnlyList<string> Unreachable);

public sealed record ClusterMemberResponse(string Address, string Status, IReadOnlyList<string> Roles, bool Reachable);

/// <summary>The body of join, leave and down; leave without an address means this member.</summary>
public sealed record MemberRequest(string? Address);

public sealed record JoiningResponse(string Joining);

public sealed record LeavingResponse(string Leaving);

public sealed record DownedResponse(string Downed);

public sealed record DownedManyResponse(IReadOnlyList<string> Downed);

/// <summary>One line of GET /v1/admin/cluster/events.</summary>
public sealed record MemberEventLine(
    DateTimeOffset Time,
    string Event,
    string? Address,
    string? Status,
    IReadOnlyList<string> Roles,
    bool Snapshot);

public sealed record RegionsResponse(IReadOnlyList<RegionResponse> Regions);

public sealed record RegionResponse(string TypeName, string Alias);

public sealed record ShardCount(string ShardId, int Entities);

public sealed record RegionStatsResponse(string Region, string Address, IReadOnlyList<ShardCount> Shards);

public sealed record ShardStatsResponse(string Region, string? Coordinator, IReadOnlyList<RegionShardsResponse> Regions, IReadOnlyList<string> Failed);

public sealed record RegionShardsResponse(string Address, IReadOnlyList<ShardCount> Shards);

public sealed record AdminErrorResponse(string Error, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(NodeInfoResponse))]
[JsonSerializable(typeof(ClusterShowResponse))]
[JsonSerializable(typeof(MemberRequest))]
[JsonSerializable(typeof(JoiningResponse))]
[JsonSerializable(typeof(LeavingResponse))]
[JsonSerializable(typeof(DownedResponse))]
[JsonSerializable(typeof(DownedManyResponse))]
[JsonSerializable(typeof(MemberEventLine))]
[JsonSerializable(typeof(RegionsResponse))]
[JsonSerializable(typeof(RegionStatsResponse))]
[JsonSerializable(typeof(ShardStatsResponse))]
[JsonSerializable(typeof(AdminErrorResponse))]
public sealed partial class ManagementJsonContext : JsonSerializerContext;
