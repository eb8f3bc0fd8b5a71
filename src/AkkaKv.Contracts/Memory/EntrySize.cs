namespace AkkaKv.Memory;

/// <summary>The memory model for budgets: what one key costs on the managed heap, in bytes (64-bit .NET).
/// <list type="bullet">
/// <item>the key and the value, one byte array of their UTF-8 (<see cref="Slots.KvEntry"/>): 8 header + 8 method table +
/// 8 length + 1 per byte, rounded up to 8;</item>
/// <item>the entry object: 16 header + a reference + version + revision + expiry + last access + hash + key length +
/// LFU counter and clock = 72;</item>
/// <item>its cell in the slot's <see cref="Slots.EntryTable"/>: 8 bytes per cell at a load between 3/8 and 3/4, about 16
/// per key;</item>
/// <item>a key with a TTL also has its key, as a string, in the slot's expiry queue (counted as if its UTF-8 bytes were
/// characters: exact for ASCII keys, more for others).</item>
/// </list>
/// A test checks the model against the GC's own count.</summary>
public static class EntrySize
{
    public const int PerEntryOverhead = 72 + 16;

    /// <summary>What a stored entry costs.</summary>
    public static long Of(Slots.KvEntry entry) =>
        ByteArrayBytes(entry.DataBytes) + PerEntryOverhead + (entry.ExpiresAtMs is null ? 0 : StringBytes(entry.KeyUtf8.Length));

    /// <summary>What a key and value held as two strings cost (a replica's entry, which keeps its value as a string).</summary>
    public static long Of(string key, string value) => StringBytes(key) + StringBytes(value) + PerEntryOverhead;

    public static long StringBytes(string text) => StringBytes(text.Length);

    private static long StringBytes(int chars) => (22L + (2L * chars) + 7) & ~7L;

    public static long ByteArrayBytes(int length) => (24L + length + 7) & ~7L;
}
