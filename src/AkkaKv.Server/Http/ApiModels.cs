using System.Text.Json.Serialization;

namespace AkkaKv.Server.Http;

/// <summary>A key as the API shows it. <c>expiresAt</c> is absent for keys without a TTL.</summary>
public sealed record EntryResponse(
    string Key,
    string Value,
    long Version,
    long Revision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt);

public sealed record PutResponse(
    string Key,
    long Version,
    long Revision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? ExpiresAt);

public sealed record DeleteResponse(string Key, bool Deleted, long Revision);

public sealed record ScanResponse(IReadOnlyList<EntryResponse> Items, string? Cursor);

public sealed record ErrorResponse(
    string Error,
    string Message,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? CurrentVersion = null);

/// <summary>The JSON form of a PUT body (Content-Type: application/json); a raw body is the value itself.</summary>
public sealed record PutRequest(string? Value, long? Ttl, long? PrevVersion);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(EntryResponse))]
[JsonSerializable(typeof(PutResponse))]
[JsonSerializable(typeof(DeleteResponse))]
[JsonSerializable(typeof(ScanResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(PutRequest))]
[JsonSerializable(typeof(ClusterResponse))]
[JsonSerializable(typeof(SlotsResponse))]
[JsonSerializable(typeof(StatsResponse))]
[JsonSerializable(typeof(ConfigResponse))]
[JsonSerializable(typeof(ConfigSetRequest))]
[JsonSerializable(typeof(ConfigValueResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
