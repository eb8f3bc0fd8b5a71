namespace AkkaKv.Memory;

/// <summary>The memory model for budgets: what one key costs on the managed heap, in bytes (64-bit .NET).
/// <list type="bullet">
/// <item>each string (key, value): 8 header + 8 method table + 4 length + 2 per UTF-16 char + 2 terminator, rounded up
/// to 8 (the key string is shared by the dictionary and the entry);</item>
/// <item>the entry object (<see cref="Slots.KvEntry"/>): 16 header + 2 references + version + revision + nullable
/// expiry + access fields + sampling index = 80;</item>
/// <item>the dictionary node (key, value, next, hash) 48, its share of the bucket array ~16, the sampling array slot 8.</item>
/// </list>
/// A test checks the model against the GC's own count.</summary>
public static class EntrySize
{
    public const int PerEntryOverhead = 80 + 48 + 16 + 8;

    public static long Of(string key, string value) => StringBytes(key) + StringBytes(value) + PerEntryOverhead;

    public static long StringBytes(string text) => (22L + (2L * text.Length) + 7) & ~7L;
}
