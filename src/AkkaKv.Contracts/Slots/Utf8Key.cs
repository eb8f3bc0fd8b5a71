using System.Buffers;
using System.Text;

namespace AkkaKv.Slots;

/// <summary>A string key as the UTF-8 bytes the slot tables compare: in the caller's stack buffer when it fits (ASCII keys
/// up to its length), else in a pooled array given back on <see cref="Dispose"/>.</summary>
internal ref struct Utf8Key
{
    private byte[]? _rented;

    public Utf8Key(string key, Span<byte> stack)
    {
        if (Encoding.UTF8.GetMaxByteCount(key.Length) <= stack.Length || Encoding.UTF8.GetByteCount(key) <= stack.Length)
        {
            Bytes = stack[..Encoding.UTF8.GetBytes(key, stack)];
        }
        else
        {
            _rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(key));
            Bytes = _rented.AsSpan(0, Encoding.UTF8.GetBytes(key, _rented));
        }
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public void Dispose()
    {
        if (_rented is not null)
        {
            ArrayPool<byte>.Shared.Return(_rented);
            _rented = null;
        }
    }
}
