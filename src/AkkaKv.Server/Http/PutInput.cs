using System.Globalization;
using System.Text;
using System.Text.Json;
using AkkaKv.Keys;

namespace AkkaKv.Server.Http;

/// <summary>What a PUT asks for, parsed from the body (raw value, or JSON when Content-Type is application/json),
/// the <c>ttl</c> and <c>prevVersion</c> query parameters and the If-Match header.</summary>
public sealed record PutInput(string Value, TimeSpan? Ttl, long? ExpectedVersion)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Longest TTL accepted: far enough for any real use, near enough that expiry arithmetic cannot overflow.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromDays(3650);

    public static async Task<(PutInput? Input, KvError? Error)> ReadAsync(HttpContext context, KeyLimits limits)
    {
        var request = context.Request;
        var isJson = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        // JSON escapes can take up to 6 bytes per character ("\u0000"), so a JSON body may be that much larger.
        var bodyLimit = isJson ? (limits.MaxValueBytes * 6L) + 4096 : limits.MaxValueBytes;
        var body = await RequestBody.ReadAsync(request, bodyLimit, context.RequestAborted);
        if (body is null)
        {
            return (null, limits.CheckValueSize(request.ContentLength ?? bodyLimit + 1)
                ?? new KvError(KvErrorCode.ValueTooLarge, $"the body is over the limit of {bodyLimit} bytes"));
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return (null, new KvError(KvErrorCode.InvalidUtf8, "the body is not valid UTF-8"));
        }

        var (ttl, expected, queryError) = ParseQuery(context);
        if (queryError is not null)
        {
            return (null, queryError);
        }

        if (!isJson)
        {
            return (new PutInput(StrictUtf8.GetString(body), ttl, expected), null);
        }

        PutRequest? json;
        try
        {
            json = JsonSerializer.Deserialize(body, ApiJsonContext.Default.PutRequest);
        }
        catch (JsonException e)
        {
            // Position only: the exception's own message names .NET types, which are nobody's business outside.
            var where = e.Path is { Length: > 1 } path ? $" at {path}" : $" at byte {e.BytePositionInLine} of line {e.LineNumber + 1}";
            return (null, new KvError(
                KvErrorCode.MalformedRequest,
                $"the body is not a JSON PUT request {{\"value\": string, \"ttl\"?: seconds, \"prevVersion\"?: version}}: problem{where}"));
        }

        if (json?.Value is null)
        {
            return (null, new KvError(KvErrorCode.MalformedRequest, "the JSON body needs a string \"value\""));
        }

        if (json.Ttl is { } seconds)
        {
            if (ValidateTtl(seconds, out var jsonTtl) is { } ttlError)
            {
                return (null, ttlError);
            }

            ttl = jsonTtl;
        }

        if (json.PrevVersion is { } prev)
        {
            if (prev < 0 || (expected is { } fromQuery && fromQuery != prev))
            {
                return (null, new KvError(KvErrorCode.InvalidParameter, "prevVersion must be >= 0 and agree with If-Match / ?prevVersion="));
            }

            expected = prev;
        }

        return (new PutInput(json.Value, ttl, expected), null);
    }

    /// <summary>The <c>ttl</c> (seconds) and expected version from the query string and If-Match.</summary>
    public static (TimeSpan? Ttl, long? ExpectedVersion, KvError? Error) ParseQuery(HttpContext context)
    {
        TimeSpan? ttl = null;
        if (context.Request.Query.TryGetValue("ttl", out var ttlText))
        {
            if (!long.TryParse(ttlText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return (null, null, new KvError(KvErrorCode.InvalidParameter, $"ttl must be a whole number of seconds, not '{ttlText}'"));
            }

            if (ValidateTtl(seconds, out var parsed) is { } error)
            {
                return (null, null, error);
            }

            ttl = parsed;
        }

        var (expected, versionError) = ParseExpectedVersion(context);
        return (ttl, expected, versionError);
    }

    /// <summary>Compare-and-swap version from <c>?prevVersion=</c> or If-Match (<c>"3"</c> or <c>3</c>); they must agree.</summary>
    public static (long? Version, KvError? Error) ParseExpectedVersion(HttpContext context)
    {
        long? fromQuery = null;
        if (context.Request.Query.TryGetValue("prevVersion", out var text))
        {
            if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, new KvError(KvErrorCode.InvalidParameter, $"prevVersion must be a whole number >= 0, not '{text}'"));
            }

            fromQuery = parsed;
        }

        long? fromHeader = null;
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0)
        {
            if (!long.TryParse(ifMatch.Trim().Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, new KvError(KvErrorCode.InvalidParameter, $"If-Match must be a version such as \"3\", not '{ifMatch}'"));
            }

            fromHeader = parsed;
        }

        if (fromQuery is { } q && fromHeader is { } h && q != h)
        {
            return (null, new KvError(KvErrorCode.InvalidParameter, "If-Match and prevVersion disagree"));
        }

        return (fromQuery ?? fromHeader, null);
    }

    private static KvError? ValidateTtl(long seconds, out TimeSpan ttl)
    {
        ttl = TimeSpan.Zero;
        if (seconds <= 0 || seconds > MaxTtl.TotalSeconds)
        {
            return new KvError(KvErrorCode.InvalidParameter, $"ttl must be between 1 and {MaxTtl.TotalSeconds:0} seconds");
        }

        ttl = TimeSpan.FromSeconds(seconds);
        return null;
    }
}
