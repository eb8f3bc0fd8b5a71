using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using Microsoft.AspNetCore.Http;

namespace AkkaKv.Management;

/// <summary>Writes a JSON body in one go: serialized synchronously (the bodies are small), sent with a Content-Length
/// rather than chunked. WriteAsJsonAsync's streaming path measured a few percent of a request's CPU.</summary>
public static class JsonResponse
{
    public static Task WriteAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, type);
        var response = context.Response;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = bytes.Length;
        return response.Body.WriteAsync(bytes, 0, bytes.Length);
    }
}
