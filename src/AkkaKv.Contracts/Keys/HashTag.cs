namespace AkkaKv.Keys;

/// <summary>Redis Cluster's hash-tag rule: only the part between the first '{' and the next '}' is hashed, when non-empty.</summary>
public static class HashTag
{
    public static ReadOnlySpan<char> HashedPart(ReadOnlySpan<char> key) => HashedPart(key, '{', '}');

    /// <summary>The same rule on a key's UTF-8 bytes: the braces are ASCII, so no byte of another character matches them
    /// and the result is the UTF-8 of the text rule's result.</summary>
    public static ReadOnlySpan<byte> HashedPart(ReadOnlySpan<byte> utf8Key) => HashedPart(utf8Key, (byte)'{', (byte)'}');

    private static ReadOnlySpan<T> HashedPart<T>(ReadOnlySpan<T> key, T openBrace, T closeBrace)
        where T : IEquatable<T>
    {
        var open = key.IndexOf(openBrace);
        if (open < 0)
        {
            return key;
        }

        var close = key[(open + 1)..].IndexOf(closeBrace);
        // "{}" or an unclosed brace: Redis hashes the whole key.
        return close <= 0 ? key : key.Slice(open + 1, close);
    }
}
