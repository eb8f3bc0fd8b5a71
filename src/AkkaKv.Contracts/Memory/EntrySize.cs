namespace AkkaKv.Memory;

/// <summary>The memory model for budgets: what one key costs on the managed heap, in bytes (64-bit .NET).
/// <list type="bullet">
/// <item>the key, the value and the entry's numbers, one byte array (<see cref="Slots.KvEntry"/>): 8 header + 8 method
/// table + 8 length + 1 per byte, rounded up to 8;</item>
/// <item>the entry object: 16 header + the array's reference + key length + trailer length = 29, rounded up to 32;</item>
/// <item>its cell in the slot's <see cref="Slots.EntryTable"/>: 16 bytes per cell (the entry's reference, the key's hash,
/// the access stamp for eviction) at a load between 3/8 and 3/4, about 32 per key;</item>
/// <item>a key with a TTL also has its key, as a string, in the slot's expiry queue (counted as if its UTF-8 bytes were
/// characters: exact for ASCII keys, more for others).</item>
/// </list>
/// A test checks the model against the GC's own count.</summary>
public static class EntrySize
{
    public const int PerEntryOverhead = 32 + 32;

    // A replica's entry (ReplicaEntry: header, two string references, version, revision, nullable expiry, deletion time)
    // and its map slot.
    private const int ReplicaEntryOverhead = 72 + 16;

    /// <summary>What a stored entry costs.</summary>
    public static long Of(Slots.KvEntry entry) =>
        ByteArrayBytes(entry.DataBytes) + PerEntryOverhead + (entry.ExpiresAtMs is null ? 0 : StringBytes(entry.KeyUtf8.Length));

    /// <summary>What a key and value held as two strings cost (a replica's entry, which keeps its value as a string).</summary>
    public static long Of(string key, string value) => StringBytes(key) + StringBytes(value) + ReplicaEntryOverhead;

    public static long StringBytes(string text) => StringBytes(text.Length);

    private static long StringBytes(int chars) => (22L + (2L * chars) + 7) & ~7L;

    public static long ByteArrayBytes(int length) => (24L + length + 7) & ~7L;
}
