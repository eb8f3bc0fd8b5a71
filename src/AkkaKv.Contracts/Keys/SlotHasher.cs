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

    public int SlotOf(string key)
    {
        var part = HashTag.HashedPart(key);
        var max = Encoding.UTF8.GetMaxByteCount(part.Length);
        byte[]? rented = null;
        var buffer = max <= 512 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(part, buffer);
            return (int)(MurmurHash3.Hash32(buffer[..length]) % (uint)SlotCount);
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
