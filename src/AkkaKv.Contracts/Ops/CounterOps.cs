using System.Globalization;
using AkkaKv.Redis;
using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>INCR / INCRBY / DECR / DECRBY: the value as a 64-bit integer (absent = 0) plus <paramref name="Delta"/>;
/// the TTL is kept, as in Redis.</summary>
public sealed record IncrementOp(string Key, long Delta) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        long value = 0;
        if (current is not null && !RedisNumbers.TryParseInt64(current.Value, out value))
        {
            return OpResult.Error(OpErrors.NotInteger);
        }

        long next;
        try
        {
            next = checked(value + Delta);
        }
        catch (OverflowException)
        {
            return OpResult.Error(OpErrors.Overflow);
        }

        batch.Set(Key, next.ToString(CultureInfo.InvariantCulture), current?.ExpiresAtMs);
        return OpResult.Of(next);
    }
}

/// <summary>INCRBYFLOAT: the value as a double plus <paramref name="Delta"/>, stored and returned in Redis's format.</summary>
public sealed record IncrementFloatOp(string Key, double Delta) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        double value = 0;
        if (current is not null && !RedisNumbers.TryParseDouble(current.Value, out value))
        {
            return OpResult.Error(OpErrors.NotFloat);
        }

        var next = value + Delta;
        if (double.IsNaN(next) || double.IsInfinity(next))
        {
            return OpResult.Error(OpErrors.NanOrInfinity);
        }

        var text = RedisNumbers.FormatDouble(next);
        batch.Set(Key, text, current?.ExpiresAtMs);
        return OpResult.Value(text);
    }
}
