using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Resp.Execution;
using static AkkaKv.Resp.Commands.ExpiryArguments;

namespace AkkaKv.Resp.Commands;

/// <summary>The string commands: each parses its arguments into ops on one slot.</summary>
internal static class StringCommands
{
    private static readonly string[] Read = ["readonly", "fast"];
    private static readonly string[] Write = ["write", "denyoom"];
    private static readonly string[] WriteFast = ["write", "denyoom", "fast"];

    public static IEnumerable<RespCommand> All() =>
    [
        new("GET", 2, Read, 1, 1, 1, "string", "Returns the string value of a key.") { Plan = Get, Fast = GetNow },
        new("SET", -3, Write, 1, 1, 1, "string", "Sets the string value of a key, ignoring its type. The key is created if it doesn't exist.") { Plan = Set, Fast = SetNow },
        new("SETNX", 3, WriteFast, 1, 1, 1, "string", "Set the string value of a key only when the key doesn't exist.") { Plan = SetNx },
        new("SETEX", 4, Write, 1, 1, 1, "string", "Sets the string value and expiration time of a key.") { Plan = ctx => SetWithExpiry(ctx, Unit.Seconds, "setex") },
        new("PSETEX", 4, Write, 1, 1, 1, "string", "Sets the string value and expiration time in milliseconds of a key.") { Plan = ctx => SetWithExpiry(ctx, Unit.Milliseconds, "psetex") },
        new("GETSET", 3, WriteFast, 1, 1, 1, "string", "Returns the previous string value of a key after setting it to a new value.") { Plan = GetSet },
        new("GETDEL", 2, WriteFast, 1, 1, 1, "string", "Returns the string value of a key after deleting the key.") { Plan = GetDel },
        new("GETEX", -2, WriteFast, 1, 1, 1, "string", "Returns the string value of a key after setting its expiration time.") { Plan = GetEx },
        new("MGET", -2, Read, 1, -1, 1, "string", "Atomically returns the string values of one or more keys.") { Plan = MGetOneSlot, Direct = KeyspaceCommands.MGet },
        new("MSET", -3, Write, 1, -1, 2, "string", "Atomically creates or modifies the string values of one or more keys.") { Plan = MSet },
        new("MSETNX", -3, Write, 1, -1, 2, "string", "Atomically modifies the string values of one or more keys only when all keys don't exist.") { Plan = MSetNx },
        new("APPEND", 3, WriteFast, 1, 1, 1, "string", "Appends a string to the value of a key. Creates the key if it doesn't exist.") { Plan = Append },
        new("STRLEN", 2, Read, 1, 1, 1, "string", "Returns the length of a string value.") { Plan = Strlen },
        new("GETRANGE", 4, ["readonly"], 1, 1, 1, "string", "Returns a substring of the string stored at a key.") { Plan = GetRange },
        new("SUBSTR", 4, ["readonly"], 1, 1, 1, "string", "Returns a substring from a string value.") { Plan = GetRange },
        new("SETRANGE", 4, Write, 1, 1, 1, "string", "Overwrites a part of a string value with another by an offset. Creates the key if it doesn't exist.") { Plan = SetRange },
        new("INCR", 2, WriteFast, 1, 1, 1, "string", "Increments the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.") { Plan = ctx => Increment(ctx, 1) },
        new("DECR", 2, WriteFast, 1, 1, 1, "string", "Decrements the integer value of a key by one. Uses 0 as initial value if the key doesn't exist.") { Plan = ctx => Increment(ctx, -1) },
        new("INCRBY", 3, WriteFast, 1, 1, 1, "string", "Increments the integer value of a key by a number. Uses 0 as initial value if the key doesn't exist.") { Plan = ctx => IncrementBy(ctx, negate: false) },
        new("DECRBY", 3, WriteFast, 1, 1, 1, "string", "Decrements a number from the integer value of a key. Uses 0 as initial value if the key doesn't exist.") { Plan = ctx => IncrementBy(ctx, negate: true) },
        new("INCRBYFLOAT", 3, WriteFast, 1, 1, 1, "string", "Increment the floating point value of a key by a number. Uses 0 as initial value if the key doesn't exist.") { Plan = IncrementByFloat },
    ];

    private static CommandPlan? Get(RespContext ctx) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: true, new GetOp(key)) : null;

    /// <summary>GET outside a transaction: a slot on this node is read in place, with no op, plan or view allocated —
    /// the most frequent command gets the shortest path. Behind replies still in flight it takes the plan path, which
    /// waits for them (a GET after a SET in one pipeline sees the SET).</summary>
    private static ValueTask GetNow(RespContext ctx)
    {
        if (!ctx.IsValidKey(1))
        {
            return default;
        }

        // The key stays bytes: the slot's table is looked up with them, and no string is made on this path.
        var slot = ctx.Node.Hasher.SlotOf(ctx.Request[1]);
        if (ctx.MayReadReplicas || !ctx.Queue.IsEmpty || ctx.Node.Slots.Find(slot) is not { } local)
        {
            var key = ctx.Key(1)!;
            return ctx.ReadsFromReplica(key)
                ? ctx.ReadReplica(key)
                : ctx.Execute(new CommandPlan(slot, [new GetOp(key)], ReplyShape.One, ReadOnly: true));
        }

        if (local.State.Find(ctx.Request[1], ctx.NowMs) is { } entry)
        {
            ctx.Writer.Bulk(entry.ValueUtf8);
        }
        else
        {
            ctx.Writer.Null();
        }

        return default;
    }

    /// <summary>A plain SET key value outside a transaction: a cache-mode slot on this node decides it inline, from the
    /// request's bytes (no string of the key or the value is made), and otherwise the one op goes to the slot's owner
    /// without a plan around it. SET with options takes the plan path.</summary>
    private static ValueTask SetNow(RespContext ctx)
    {
        if (ctx.Request.Count != 3)
        {
            return Set(ctx) is { } plan ? ctx.Execute(plan) : default;
        }

        if (!ctx.IsValidKey(1) || !ctx.IsValidValue(2))
        {
            return default;
        }

        var slot = ctx.Node.Hasher.SlotOf(ctx.Request[1]);
        var local = ctx.Node.Slots.Find(slot);
        if (local is not null && local.TrySetInline(ctx.Request[1], ctx.Request[2], ctx.NowMs))
        {
            ctx.Queue.Ready(ctx.Writer, OpResult.Ok);
        }
        else
        {
            ctx.Send(new RunOps(slot, [new SetOp(ctx.Key(1)!, ctx.Value(2)!, ExpiryChange.Clear)]), ReplyShape.One, local?.Inbox);
        }

        return default;
    }

    /// <summary>SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]. As in Redis, an
    /// option may be repeated (the last time given wins) but not combined with one it excludes, and the time is checked
    /// only once every option has parsed.</summary>
    private static CommandPlan? Set(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || ctx.Value(2) is not { } value)
        {
            return null;
        }

        var request = ctx.Request;
        var condition = SetCondition.Always;
        var returnOld = false;
        var keepTtl = false;
        var time = default(ExpiryOption);
        for (var i = 3; i < request.Count; i++)
        {
            var word = request.Word(i);
            switch (word)
            {
                case "NX" when condition != SetCondition.IfPresent:
                    condition = SetCondition.IfAbsent;
                    break;
                case "XX" when condition != SetCondition.IfAbsent:
                    condition = SetCondition.IfPresent;
                    break;
                case "GET":
                    returnOld = true;
                    break;
                case "KEEPTTL" when !time.Given:
                    keepTtl = true;
                    break;
                case "EX" or "PX" or "EXAT" or "PXAT" when !keepTtl && time.Takes(word) && i + 1 < request.Count:
                    time = new ExpiryOption(word, ++i);
                    break;
                default:
                    ctx.SyntaxError();
                    return null;
            }
        }

        var expiry = keepTtl ? ExpiryChange.KeepCurrent : ExpiryChange.Clear;
        if (time.Given)
        {
            if (!TrySetExpiry(ctx, time.Index, time.Unit, "set", out var at))
            {
                return null;
            }

            expiry = ExpiryChange.At(at);
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new SetOp(key, value, expiry, condition, returnOld));
    }

    private static CommandPlan? SetNx(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || ctx.Value(2) is not { } value)
        {
            return null;
        }

        // SETNX replies 1/0 where SET NX replies OK/nil: MSETNX's op gives exactly that for one pair.
        return ctx.Plan(ReplyShape.One, readOnly: false, new MSetNxOp([new(key, value)]));
    }

    private static CommandPlan? SetWithExpiry(RespContext ctx, Unit unit, string name)
    {
        if (ctx.Key(1) is not { } key || !TrySetExpiry(ctx, 2, unit, name, out var at) || ctx.Value(3) is not { } value)
        {
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new SetOp(key, value, ExpiryChange.At(at)));
    }

    private static CommandPlan? GetSet(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || ctx.Value(2) is not { } value)
        {
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new SetOp(key, value, ExpiryChange.Clear, ReturnOld: true));
    }

    private static CommandPlan? GetDel(RespContext ctx) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: false, new GetDeleteOp(key)) : null;

    /// <summary>GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST], its options parsed as SET's are.</summary>
    private static CommandPlan? GetEx(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key)
        {
            return null;
        }

        var request = ctx.Request;
        var persist = false;
        var time = default(ExpiryOption);
        for (var i = 2; i < request.Count; i++)
        {
            var word = request.Word(i);
            switch (word)
            {
                case "PERSIST" when !time.Given:
                    persist = true;
                    break;
                case "EX" or "PX" or "EXAT" or "PXAT" when !persist && time.Takes(word) && i + 1 < request.Count:
                    time = new ExpiryOption(word, ++i);
                    break;
                default:
                    ctx.SyntaxError();
                    return null;
            }
        }

        ExpiryChange? change = persist ? ExpiryChange.Clear : null;
        if (time.Given)
        {
            if (SetExpiryError(ctx, time.Index, time.Unit, "getex", out var at) is { } error)
            {
                // Redis looks the key up first: a missing key is nil whatever the time, an existing one gets the error.
                return ctx.Plan(new ReplyShape.NilOrErrorShape(error), readOnly: true, new GetOp(key));
            }

            change = ExpiryChange.At(at);
        }

        return change is null
            ? ctx.Plan(ReplyShape.One, readOnly: true, new GetOp(key))
            : ctx.Plan(ReplyShape.One, readOnly: false, new GetExpireOp(key, change));
    }

    private static CommandPlan? MGetOneSlot(RespContext ctx)
    {
        var ops = new SlotOp[ctx.Request.Count - 1];
        for (var i = 1; i < ctx.Request.Count; i++)
        {
            if (ctx.Key(i) is not { } key)
            {
                return null;
            }

            ops[i - 1] = new GetOp(key);
        }

        return ctx.Plan(ReplyShape.Array, readOnly: true, ops);
    }

    private static CommandPlan? MSet(RespContext ctx) =>
        Pairs(ctx) is { } pairs
            ? ctx.Plan(ReplyShape.AllOk, readOnly: false, [.. pairs.Select(p => (SlotOp)new SetOp(p.Key, p.Value, ExpiryChange.Clear))])
            : null;

    private static CommandPlan? MSetNx(RespContext ctx) =>
        Pairs(ctx) is { } pairs ? ctx.Plan(ReplyShape.One, readOnly: false, new MSetNxOp(pairs)) : null;

    private static List<KeyValuePair<string, string>>? Pairs(RespContext ctx)
    {
        if (ctx.Request.Count % 2 == 0)
        {
            ctx.ArityError();
            return null;
        }

        var pairs = new List<KeyValuePair<string, string>>(ctx.Request.Count / 2);
        for (var i = 1; i < ctx.Request.Count; i += 2)
        {
            if (ctx.Key(i) is not { } key || ctx.Value(i + 1) is not { } value)
            {
                return null;
            }

            pairs.Add(new(key, value));
        }

        return pairs;
    }

    private static CommandPlan? Append(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || ctx.Value(2) is not { } suffix)
        {
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new AppendOp(key, suffix, ctx.Node.KeyLimits.MaxValueBytes));
    }

    private static CommandPlan? Strlen(RespContext ctx) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: true, new StrlenOp(key)) : null;

    private static CommandPlan? GetRange(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || !ctx.TryInteger(2, out var start) || !ctx.TryInteger(3, out var end))
        {
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: true, new GetRangeOp(key, start, end));
    }

    private static CommandPlan? SetRange(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key || !ctx.TryInteger(2, out var offset))
        {
            return null;
        }

        if (offset < 0)
        {
            ctx.Error(OpErrors.OffsetOutOfRange);
            return null;
        }

        var patch = ctx.Request[3].ToArray();
        return ctx.Plan(ReplyShape.One, readOnly: false, new SetRangeOp(key, offset, patch, ctx.Node.KeyLimits.MaxValueBytes));
    }

    private static CommandPlan? Increment(RespContext ctx, long delta) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: false, new IncrementOp(key, delta)) : null;

    private static CommandPlan? IncrementBy(RespContext ctx, bool negate)
    {
        if (ctx.Key(1) is not { } key || !ctx.TryInteger(2, out var delta))
        {
            return null;
        }

        if (negate && delta == long.MinValue)
        {
            ctx.Error("ERR decrement would overflow");
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new IncrementOp(key, negate ? -delta : delta));
    }

    private static CommandPlan? IncrementByFloat(RespContext ctx)
    {
        if (ctx.Key(1) is not { } key)
        {
            return null;
        }

        if (ctx.Request.Text(2) is not { } text || !Redis.RedisNumbers.TryParseDouble(text, out var delta))
        {
            ctx.Error(OpErrors.NotFloat);
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new IncrementFloatOp(key, delta, text));
    }
}
