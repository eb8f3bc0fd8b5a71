using System.Text.Json;

namespace AkkaKv.Cli;

/// <summary>A 2xx answer: the body as the server sent it (what <c>--json</c> prints) and parsed (what tables read).</summary>
public sealed record JsonReply(string Body, JsonElement Root)
{
    public static JsonReply Parse(Target target, string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return new JsonReply(body, doc.RootElement.Clone());
        }
        catch (JsonException)
        {
            throw CliException.UnexpectedResponse(target, "the body is not JSON (is this an AkkaKv management port?)");
        }
    }
}
