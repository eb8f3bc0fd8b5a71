using System.Globalization;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using AkkaKv.Slots;
using AkkaKv.Management;

namespace AkkaKv.Server.Http;

/// <summary>The key-value HTTP/JSON API: GET / PUT / DELETE /v1/kv/{key} and GET /v1/kv?prefix=&amp;limit=&amp;cursor=.</summary>
public static class KvEndpoints
{
    public const string KeyPrefix = "/v1/kv/";
    public const int DefaultScanLimit = 100;
    public const int MaxScanLimit = 1000;

    public static IEndpointRouteBuilder MapKvApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/kv/{**key}", GetAsync);
        app.MapPut("/v1/kv/{**key}", PutAsync);
        app.MapDelete("/v1/kv/{**key}", DeleteAsync);
        app.MapGet("/v1/kv", ScanAsync);
        return app;
    }

    private static async Task GetAsync(HttpContext context, KvGateway gateway)
    {
        if (RawKey.TryRead(context, KeyPrefix, out var key) is { } keyError)
        {
            await ApiErrors.Write(context, keyError);
            return;
        }

        if (ConsistencyQuery.Read(context, out var consistency) is { } consistencyError)
        {
            await ApiErrors.Write(context, consistencyError);
            return;
        }

        var entry = await gateway.GetAsync(key, consistency);
        if (entry is null)
        {
            await ApiErrors.Write(context, KvErrorCode.NotFound, $"no key {key}");
            return;
        }

        SetVersionHeader(context, entry.Version);
        await JsonResponse.WriteAsync(context, ToResponse(entry), ApiJsonContext.Default.EntryResponse);
    }

    private static async Task PutAsync(HttpContext context, KvGateway gateway)
    {
        if (RawKey.TryRead(context, KeyPrefix, out var key) is { } keyError)
        {
            await ApiErrors.Write(context, keyError);
            return;
        }

        if (ConsistencyQuery.Write(context, out var consistency) is { } consistencyError)
        {
            await ApiErrors.Write(context, consistencyError);
            return;
        }

        var (input, inputError) = await PutInput.ReadAsync(context, gateway.Limits);
        if (inputError is not null)
        {
            await ApiErrors.Write(context, inputError);
            return;
        }

        var reply = await gateway.PutAsync(key, input!.Value, input.ExpectedVersion, input.Ttl, consistency);
        if (reply is WriteOk { Entry: { } entry })
        {
            SetVersionHeader(context, entry.Version);
            var response = new PutResponse(entry.Key, entry.Version, entry.ModRevision, ExpiresAt(entry));
            await JsonResponse.WriteAsync(context, response, ApiJsonContext.Default.PutResponse);
            return;
        }

        await WriteFailure(context, reply);
    }

    private static async Task DeleteAsync(HttpContext context, KvGateway gateway)
    {
        if (RawKey.TryRead(context, KeyPrefix, out var key) is { } keyError)
        {
            await ApiErrors.Write(context, keyError);
            return;
        }

        var (expected, versionError) = PutInput.ParseExpectedVersion(context);
        var consistencyError = ConsistencyQuery.Write(context, out var consistency);
        if ((versionError ?? consistencyError) is { } error)
        {
            await ApiErrors.Write(context, error);
            return;
        }

        var reply = await gateway.DeleteAsync(key, expected, consistency);
        if (reply is WriteOk ok)
        {
            await JsonResponse.WriteAsync(context, new DeleteResponse(key, true, ok.Revision), ApiJsonContext.Default.DeleteResponse);
            return;
        }

        await WriteFailure(context, reply);
    }

    private static async Task ScanAsync(HttpContext context, KvGateway gateway)
    {
        var query = context.Request.Query;
        var prefix = query["prefix"].ToString();
        var limit = DefaultScanLimit;
        if (query.TryGetValue("limit", out var limitText)
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxScanLimit))
        {
            await ApiErrors.Write(context, KvErrorCode.InvalidParameter, $"limit must be a whole number from 1 to {MaxScanLimit}");
            return;
        }

        string? after = null;
        if (query.TryGetValue("cursor", out var cursor) && cursor.ToString().Length > 0)
        {
            after = ScanCursor.Decode(cursor.ToString());
            if (after is null)
            {
                await ApiErrors.Write(context, KvErrorCode.InvalidParameter, "cursor is not one this API returned");
                return;
            }
        }

        var page = await gateway.ScanAsync(prefix, after, limit);
        var items = page.Entries.Select(ToResponse).ToList();
        var next = page.NextAfter is null ? null : ScanCursor.Encode(page.NextAfter);
        await JsonResponse.WriteAsync(context, new ScanResponse(items, next), ApiJsonContext.Default.ScanResponse);
    }

    private static Task WriteFailure(HttpContext context, IWriteReply reply) => reply switch
    {
        VersionMismatch mismatch => ApiErrors.Write(
            context,
            new KvError(KvErrorCode.VersionMismatch, $"key {mismatch.Key} is at version {mismatch.CurrentVersion}"),
            mismatch.CurrentVersion),
        KeyNotFound missing => ApiErrors.Write(context, KvErrorCode.NotFound, $"no key {missing.Key}"),
        WriteFailed { Reason: Evictor.OutOfMemory } => ApiErrors.Write(
            context, KvErrorCode.OutOfMemory, "the node is over its memory budget (maxmemory) and its policy evicts nothing more; nothing was changed"),
        WriteFailed { Reason: var reason } when reason.StartsWith(NodeReplication.BudgetFull, StringComparison.Ordinal) => ApiErrors.Write(
            context, KvErrorCode.OutOfMemory, reason["OOM ".Length..] + "; nothing was changed"),
        WriteFailed failed => ApiErrors.Write(context, KvErrorCode.Unavailable, failed.Reason),
        _ => ApiErrors.Write(context, KvErrorCode.Internal, $"unexpected reply {reply.GetType().Name}"),
    };

    private static EntryResponse ToResponse(KvEntry entry) =>
        new(entry.Key, entry.Value, entry.Version, entry.ModRevision, ExpiresAt(entry));

    private static DateTimeOffset? ExpiresAt(KvEntry entry) =>
        entry.ExpiresAtMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static void SetVersionHeader(HttpContext context, long version) =>
        context.Response.Headers.ETag = string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");
}
