namespace AkkaKv.Memory;

/// <summary>The memory model for budgets: what one key costs on the managed heap, in bytes (64-bit .NET).
/// <list type="bullet">
/// <item>the key, a string: 8 header + 8 method table + 4 length + 2 per UTF-16 char + 2 terminator, rounded up to 8;</item>
/// <item>the value, a byte array of its UTF-8 (<see cref="Slots.KvEntry"/>): 8 header + 8 method table + 8 length + 1
/// per byte, rounded up to 8;</item>
/// <item>the entry object (<see cref="Slots.KvEntry"/>): 16 header + 2 references + version + revision + expiry +
/// last access + hash + LFU counter and clock = 72;</item>
/// <item>its cell in the slot's <see cref="Slots.EntryTable"/>: 8 bytes per cell at a load between 3/8 and 3/4, about 16
/// per key.</item>
/// </list>
/// A test checks the model against the GC's own count.</summary>
public static class EntrySize
{
    public const int PerEntryOverhead = 72 + 16;

    /// <summary>What a stored entry costs.</summary>
    public static long Of(Slots.KvEntry entry) => StringBytes(entry.Key) + ByteArrayBytes(entry.ValueByteCount) + PerEntryOverhead;

    /// <summary>What a key and value held as two strings cost (a replica's entry, which keeps its value as a string).</summary>
    public static long Of(string key, string value) => StringBytes(key) + StringBytes(value) + PerEntryOverhead;

    public static long StringBytes(string text) => (22L + (2L * text.Length) + 7) & ~7L;

    public static long ByteArrayBytes(int length) => (24L + length + 7) & ~7L;
}
