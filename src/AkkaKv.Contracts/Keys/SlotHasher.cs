using System.Buffers;
using System.Text;

namespace AkkaKv.Keys;

/// <summary>Maps a key to its slot: MurmurHash3 of the UTF-8 bytes of its hashed part, modulo the slot count.</summary>
public sealed class SlotHasher
{
    public const int DefaultSlotCount = 1024;

    public SlotHasher(int slotCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotCount, 1);
        SlotCount = slotCount;
    }

    public int SlotCount { get; }

    /// <summary>The slot of a key given as its UTF-8 bytes (as a protocol reads it): no text is decoded.</summary>
    public int SlotOf(ReadOnlySpan<byte> utf8Key) => (int)(MurmurHash3.Hash32(HashTag.HashedPart(utf8Key)) % (uint)SlotCount);

    public int SlotOf(string key)
    {
        var max = Encoding.UTF8.GetMaxByteCount(key.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(key, buffer);
            return SlotOf(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
