using System.Net;
using System.Text.Json;

namespace AkkaKv.Server.Tests;

internal static class HttpAssert
{
    public static async Task<JsonElement> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>An error response: the status, a JSON body with the error code and a message, and no stack trace.</summary>
    public static async Task<JsonElement> Error(HttpResponseMessage response, HttpStatusCode expected, string code)
    {
        var json = await Json(response, expected);
        Assert.Equal(code, json.GetProperty("error").GetString());
        var message = json.GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);
        // No .NET type or namespace names leak from exception messages.
        Assert.DoesNotContain("System.", message, StringComparison.Ordinal);
        Assert.DoesNotContain("AkkaKv.", message, StringComparison.Ordinal);
        return json;
    }
}
