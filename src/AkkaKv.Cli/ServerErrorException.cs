using System.Net;
using System.Text.Json;

namespace AkkaKv.Cli;

/// <summary>A non-2xx answer: the protocol's <c>{"error": code, "message": text}</c>, kept whole so that a command can
/// react to a code (<c>kv get</c> turns <c>not_found</c> into "not found: key") or read extra fields
/// (<c>currentVersion</c> of a <c>version_mismatch</c>).</summary>
public sealed class ServerErrorException(int status, string code, string message, JsonElement? body)
    : CliException(ExitCodes.ServerError, message)
{
    public int Status { get; } = status;

    /// <summary>The protocol's error code (<c>not_found</c>, <c>unauthorized</c>, ...), or <c>http_NNN</c> when the
    /// body was not the protocol's (a proxy's HTML page, say).</summary>
    public string Code { get; } = code;

    public JsonElement? Body { get; } = body;

    public bool IsNotFound => Status == (int)HttpStatusCode.NotFound;

    /// <summary>Reads the error from a response body; anything unreadable still gives a one-line message.</summary>
    public static ServerErrorException From(int status, string? reason, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("error", out var code) && code.ValueKind == JsonValueKind.String)
            {
                var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
                    ? m.GetString()!
                    : code.GetString()!;
                return new ServerErrorException(status, code.GetString()!, OneLine(message), root.Clone());
            }
        }
        catch (JsonException)
        {
            // Not the protocol's body: fall through to the status line.
        }

        return new ServerErrorException(status, $"http_{status}", $"HTTP {status} {reason}".TrimEnd(), null);
    }

    /// <summary>The contract is one line; a server bug must not make stderr multi-line either.</summary>
    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
