using System.Text;
using System.Text.Unicode;
using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>APPEND: the value grows by <paramref name="Suffix"/> (created when absent, TTL kept); replies the new
/// length in bytes. <paramref name="MaxBytes"/> is the node's value limit.</summary>
public sealed record AppendOp(string Key, string Suffix, int MaxBytes) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        var value = (current?.Value ?? string.Empty) + Suffix;
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxBytes)
        {
            return OpResult.Error(OpErrors.StringTooLarge);
        }

        batch.Set(Key, value, current?.ExpiresAtMs);
        return OpResult.Of(bytes);
    }
}

/// <summary>SETRANGE: overwrites the value's UTF-8 bytes from <paramref name="Offset"/>, padding with zero bytes; replies
/// the new length. Refused when the bytes it leaves are not valid UTF-8 (it cut a character), since values are text.</summary>
public sealed record SetRangeOp(string Key, long Offset, byte[] Patch, int MaxBytes) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        var old = Encoding.UTF8.GetBytes(current?.Value ?? string.Empty);
        if (Offset < 0)
        {
            return OpResult.Error(OpErrors.OffsetOutOfRange);
        }

        if (Patch.Length == 0)
        {
            // Redis: an empty patch changes nothing, not even creating the key.
            return OpResult.Of(old.Length);
        }

        // The offset is any 64-bit integer: saturate rather than wrap, so a huge one is refused as too large.
        var length = Math.Max(old.Length, Offset > long.MaxValue - Patch.Length ? long.MaxValue : Offset + Patch.Length);
        if (length > MaxBytes)
        {
            return OpResult.Error(OpErrors.StringTooLarge);
        }

        var next = new byte[length];
        old.CopyTo(next, 0);
        Patch.CopyTo(next, Offset);
        if (!Utf8.IsValid(next))
        {
            return OpResult.Error(OpErrors.NotUtf8);
        }

        batch.Set(Key, Encoding.UTF8.GetString(next), current?.ExpiresAtMs);
        return OpResult.Of(length);
    }
}
