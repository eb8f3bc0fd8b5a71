using System.Buffers;
using System.Text;

namespace AkkaKv.Slots;

/// <summary>A string key as the UTF-8 bytes the slot tables compare: in the caller's stack buffer when it fits (ASCII keys
/// up to its length), else in a pooled array the caller gives back with <see cref="Return"/>.</summary>
internal static class Utf8Key
{
    public static ReadOnlySpan<byte> Of(string key, Span<byte> stack, out byte[]? rented)
    {
        if (Encoding.UTF8.GetMaxByteCount(key.Length) <= stack.Length || Encoding.UTF8.GetByteCount(key) <= stack.Length)
        {
            rented = null;
            return stack[..Encoding.UTF8.GetBytes(key, stack)];
        }

        rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(key));
        return rented.AsSpan(0, Encoding.UTF8.GetBytes(key, rented));
    }

    public static void Return(byte[]? rented)
    {
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
