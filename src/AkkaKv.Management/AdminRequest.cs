using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace AkkaKv.Management;

/// <summary>Reads a management request's JSON body.</summary>
public static class AdminRequest
{
    /// <summary>The body as <typeparamref name="T"/> (default when there is none). Malformed JSON is answered 400
    /// <c>malformed_request</c>, quoting <paramref name="example"/>, and gives <c>Ok = false</c>.</summary>
    public static async Task<(bool Ok, T? Value)> ReadJsonAsync<T>(HttpContext context, JsonTypeInfo<T> type, string example)
    {
        var request = context.Request;
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (true, default);
        }

        try
        {
            return (true, await JsonSerializer.DeserializeAsync(request.Body, type, context.RequestAborted));
        }
        catch (JsonException)
        {
            await MalformedAsync(context, example);
            return (false, default);
        }
    }

    public static Task MalformedAsync(HttpContext context, string example) =>
        AdminErrors.Write(context, StatusCodes.Status400BadRequest, "malformed_request", $"the body must be JSON like {example}");
}
