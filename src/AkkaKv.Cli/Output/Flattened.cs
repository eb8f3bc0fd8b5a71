using System.Text.Json;

namespace AkkaKv.Cli.Output;

/// <summary>An object as <c>name: value</c> lines, nested groups joined with dots (<c>resp.connectedClients: 3</c>):
/// greppable, and stable when the server adds a counter.</summary>
public static class Flattened
{
    public static IEnumerable<(string Name, string Value)> Lines(JsonElement root, string prefix = "")
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            yield return (prefix.Length == 0 ? "value" : prefix, root.Display());
            yield break;
        }

        foreach (var property in root.EnumerateObject())
        {
            var name = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var line in Lines(property.Value, name))
                {
                    yield return line;
                }
            }
            else
            {
                yield return (name, property.Value.Display());
            }
        }
    }

    public static void Write(TextWriter output, JsonElement root)
    {
        foreach (var (name, value) in Lines(root))
        {
            output.WriteLine($"{name}: {value}");
        }
    }
}
