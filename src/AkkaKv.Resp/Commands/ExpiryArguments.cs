using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>Turns Redis's relative and absolute expiry arguments into an absolute Unix time in milliseconds, with
/// Redis's errors for values that are not positive or would overflow.</summary>
internal static class ExpiryArguments
{
    public enum Unit
    {
        Seconds,
        Milliseconds,
        UnixSeconds,
        UnixMilliseconds,
    }

    /// <summary>SET's or GETEX's time option (EX, PX, EXAT or PXAT, as <see cref="Protocol.RespRequest.Word"/> gives it)
    /// and where its value is; the default is none given.</summary>
    public readonly record struct ExpiryOption(string? Word, int Index)
    {
        public bool Given => Word is not null;

        public Unit Unit => Word switch { "EX" => Unit.Seconds, "PX" => Unit.Milliseconds, "EXAT" => Unit.UnixSeconds, _ => Unit.UnixMilliseconds };

        /// <summary>Redis takes the same option again (the last one counts), not a second unit.</summary>
        public bool Takes(string word) => Word is null || Word == word;
    }

    /// <summary>For SET's EX/PX/EXAT/PXAT and SETEX/PSETEX: the time must be positive.</summary>
    public static bool TrySetExpiry(RespContext ctx, int index, Unit unit, string command, out long atMs)
    {
        if (SetExpiryError(ctx, index, unit, command, out atMs) is { } error)
        {
            ctx.Error(error);
            return false;
        }

        return true;
    }

    /// <summary>Why the time at <paramref name="index"/> is not one <see cref="TrySetExpiry"/> takes (null when it is),
    /// without answering: GETEX refuses it only for a key that exists, as Redis does.</summary>
    public static string? SetExpiryError(RespContext ctx, int index, Unit unit, string command, out long atMs)
    {
        atMs = 0;
        if (!Redis.RedisNumbers.TryParseInt64(ctx.Request[index], out var amount))
        {
            return Ops.OpErrors.NotInteger;
        }

        return amount <= 0 || !TryToAbsolute(amount, unit, ctx.NowMs, out atMs) ? $"ERR invalid expire time in '{command}' command" : null;
    }

    /// <summary>For EXPIRE and friends: any time, a past one deletes the key.</summary>
    public static bool TryExpireTime(RespContext ctx, int index, Unit unit, string command, out long atMs)
    {
        atMs = 0;
        if (!ctx.TryInteger(index, out var amount))
        {
            return false;
        }

        if (!TryToAbsolute(amount, unit, ctx.NowMs, out atMs))
        {
            ctx.Error($"ERR invalid expire time in '{command}' command");
            return false;
        }

        return true;
    }

    private static bool TryToAbsolute(long amount, Unit unit, long nowMs, out long atMs)
    {
        atMs = 0;
        try
        {
            atMs = unit switch
            {
                Unit.Seconds => checked(nowMs + checked(amount * 1000)),
                Unit.Milliseconds => checked(nowMs + amount),
                Unit.UnixSeconds => checked(amount * 1000),
                _ => amount,
            };
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
