namespace AkkaKv.Keys;

/// <summary>Redis Cluster's hash-tag rule: only the part between the first '{' and the next '}' is hashed, when non-empty.</summary>
public static class HashTag
{
    public static ReadOnlySpan<char> HashedPart(ReadOnlySpan<char> key)
    {
        var open = key.IndexOf('{');
        if (open < 0)
        {
            return key;
        }

        var close = key[(open + 1)..].IndexOf('}');
        // "{}" or an unclosed brace: Redis hashes the whole key.
        return close <= 0 ? key : key.Slice(open + 1, close);
    }
}
