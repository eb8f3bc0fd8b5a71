using System.Text;
using AkkaKv.Slots;

namespace AkkaKv.Ops;

public sealed record GetOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => OpResult.Value(view.Current(Key)?.Value);
}

/// <summary>Length in bytes of the value's UTF-8 form (Redis counts bytes).</summary>
public sealed record StrlenOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) =>
        OpResult.Of(view.Current(Key) is { } entry ? entry.ValueByteCount : 0);
}

/// <summary>1 when the key exists, else 0; EXISTS sums these.</summary>
public sealed record ExistsOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => view.Current(Key) is null ? OpResult.Zero : OpResult.One;
}

/// <summary>Every value is a string: "string" or "none".</summary>
public sealed record TypeOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => OpResult.Status(view.Current(Key) is null ? "none" : "string");
}

/// <summary>Bytes <paramref name="Start"/>..<paramref name="End"/> (inclusive, negative counts from the end) of the
/// value's UTF-8 form, as Redis GETRANGE: the range may cut a multi-byte character, so the result is raw bytes.</summary>
public sealed record GetRangeOp(string Key, long Start, long End) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view)
    {
        var value = view.Current(Key)?.Value ?? string.Empty;
        var bytes = Encoding.UTF8.GetBytes(value);
        long length = bytes.Length;
        // Redis clamps a negative end that falls before the string to 0, so "GETRANGE k 0 -100" is the first byte (its
        // test suite asserts it), unless both ends are negative and inverted.
        if (Start < 0 && End < 0 && Start > End)
        {
            return OpResult.Value(string.Empty);
        }

        var start = Start < 0 ? Math.Max(length + Start, 0) : Start;
        var end = End < 0 ? Math.Max(length + End, 0) : Math.Min(End, length - 1);
        if (length == 0 || start > end || start >= length)
        {
            return OpResult.Value(string.Empty);
        }

        return OpResult.Raw(bytes[(int)start..(int)(end + 1)]);
    }
}

public enum TtlUnit : byte
{
    Seconds,
    Milliseconds,
}

/// <summary>TTL / PTTL (time left) and EXPIRETIME / PEXPIRETIME (absolute): -2 when the key is missing, -1 without TTL.</summary>
public sealed record TtlOp(string Key, TtlUnit Unit, bool Absolute) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view)
    {
        if (view.Current(Key) is not { } entry)
        {
            return OpResult.Of(-2);
        }

        if (entry.ExpiresAtMs is not { } at)
        {
            return OpResult.Of(-1);
        }

        var ms = Absolute ? at : at - view.NowMs;
        // Redis rounds to the nearest second, the remaining time (TTL) and the absolute one (EXPIRETIME) alike.
        return OpResult.Of(Unit == TtlUnit.Milliseconds ? ms : (ms + 500) / 1000);
    }
}
