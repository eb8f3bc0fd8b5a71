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

        batch.Set(Key, next.ToString(CultureInfo.InvariantCulture), current?.ExpiresAtMs, current);
        return OpResult.Of(next);
    }
}

/// <summary>INCRBYFLOAT: the value as a double plus <paramref name="Delta"/>, stored and returned in Redis's format.
/// <paramref name="DeltaText"/> is the increment as the client wrote it, so that a sum done as a decimal is exact
/// (a double holds ~16 digits, and a decimal made from one keeps 15: "1.23456789012345678" came out as
/// "1.23456789012346"); null from a sender that did not pass it on.</summary>
public sealed record IncrementFloatOp(string Key, double Delta, string? DeltaText = null) : SlotOp(Key)
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

        var text = DecimalSum(current?.Value ?? "0", Delta, DeltaText) ?? RedisNumbers.FormatDouble(next);
        batch.Set(Key, text, current?.ExpiresAtMs, current);
        return OpResult.Value(text);
    }

    /// <summary>Redis adds in long double, so 0.1 + 0.2 replies "0.3"; a double sum would reply 0.30000000000000004.
    /// Where both numbers fit a decimal (28 digits) the sum is exact there; null sends the caller back to doubles.</summary>
    private static string? DecimalSum(string current, double delta, string? deltaText)
    {
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (Math.Abs(delta) >= 1e27 || !decimal.TryParse(current, style, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        // The client's digits where they read as a decimal (not a hexadecimal float, say); else the double's.
        if (deltaText is null || !decimal.TryParse(deltaText, style, CultureInfo.InvariantCulture, out var increment))
        {
            increment = (decimal)delta;
        }

        try
        {
            var sum = value + increment;
            var text = sum.ToString(CultureInfo.InvariantCulture);
            return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
        }
        catch (OverflowException)
        {
            return null;
        }
    }
}
