using System.Text.Json;

namespace AkkaKv.Cli.Output;

/// <summary>Reading the server's JSON for display. Lenient on purpose: a field a newer or older server leaves out shows
/// as "-" rather than failing the whole command.</summary>
public static class JsonText
{
    public const string Missing = "-";

    /// <summary>The property, or default (ValueKind Undefined) when absent or when <paramref name="e"/> is no object.</summary>
    public static JsonElement Get(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) ? value : default;

    public static string? TextOf(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public static long? NumberOf(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var value) ? value : null;

    public static IEnumerable<JsonElement> Array(this JsonElement e, string name) =>
        e.Get(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray() : [];

    /// <summary>Any value as one table cell: strings unquoted, numbers as sent, arrays as <c>[a, b]</c>.</summary>
    public static string Display(this JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Array => $"[{string.Join(", ", e.EnumerateArray().Select(Display))}]",
        JsonValueKind.Object => e.GetRawText(),
        _ => Missing,
    };

    public static string Display(this JsonElement e, string name) => e.Get(name).Display();
}
