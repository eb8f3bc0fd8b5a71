using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace AkkaKv.Cli.Commands;

/// <summary>Request bodies are a property or two of strings: written with Utf8JsonWriter, with no serializer (and no
/// reflection) needed.</summary>
public static class JsonBody
{
    /// <summary>A request body is never put in HTML: no need to \u-escape quotes or non-ASCII text.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>An object of the given string properties; a null value leaves the property out (<c>leave</c> with no
    /// address is <c>{}</c>).</summary>
    public static string Of(params (string Name, string? Value)[] properties)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in properties)
            {
                if (value is not null)
                {
                    writer.WriteString(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
