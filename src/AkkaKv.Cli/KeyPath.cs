namespace AkkaKv.Cli;

/// <summary>A key as the URL path after <c>/v1/kv/</c>: '/' stays a separator (keys like <c>user/1</c> read as
/// they are), every other reserved character is percent-encoded per segment, and the data API decodes it back.</summary>
public static class KeyPath
{
    public static string Encode(string key) => string.Join('/', key.Split('/').Select(EncodeSegment));

    /// <summary>"." and ".." would be removed from the path by URL normalisation (RFC 3986 dot segments), changing
    /// the key; escaped dots are not.</summary>
    private static string EncodeSegment(string segment) => segment is "." or ".."
        ? segment.Replace(".", "%2E", StringComparison.Ordinal)
        : Uri.EscapeDataString(segment);
}
