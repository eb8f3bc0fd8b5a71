using System.Text.Json;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>What the drills read from the HTTP API's answers.</summary>
public static class DrillHttp
{
    /// <summary>GET answers {"key","value","version","revision"}.</summary>
    public static string? ValueOf(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("value", out var value) ? value.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static bool IsJsonError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out _) && json.RootElement.TryGetProperty("message", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Truncate(string s) => s.Length <= 160 ? s : s[..160] + "…";
}
