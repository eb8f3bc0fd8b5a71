using System.Buffers.Text;
using System.Text;

namespace AkkaKv.Server.Http;

/// <summary>The opaque scan cursor: the last key of a page, base64url-encoded. Opaque so its form can change.</summary>
public static class ScanCursor
{
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey));

    /// <summary>The key to continue after, or null when the cursor is not one we made.</summary>
    public static string? Decode(string cursor)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return null;
        }
    }
}
