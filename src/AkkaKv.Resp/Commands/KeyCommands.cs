using AkkaKv.Memory;
using AkkaKv.Ops;
using AkkaKv.Resp.Execution;
using static AkkaKv.Resp.Commands.ExpiryArguments;

namespace AkkaKv.Resp.Commands;

/// <summary>Generic key commands: delete, inspect, rename, expiry.</summary>
internal static class KeyCommands
{
    private static readonly string[] Read = ["readonly", "fast"];
    private static readonly string[] Write = ["write", "fast"];

    public static IEnumerable<RespCommand> All() =>
    [
        new("DEL", -2, ["write"], 1, -1, 1, "generic", "Deletes one or more keys.") { Plan = Delete },
        new("UNLINK", -2, Write, 1, -1, 1, "generic", "Asynchronously deletes one or more keys.") { Plan = Delete },
        new("EXISTS", -2, Read, 1, -1, 1, "generic", "Determines whether one or more keys exist.") { Plan = ExistsOneSlot, Direct = KeyspaceCommands.Exists },
        // TOUCH counts as EXISTS does; reading a key is a use for the eviction policy here either way.
        new("TOUCH", -2, Read, 1, -1, 1, "generic", "Returns the number of existing keys out of those specified after updating the time they were last accessed.") { Plan = ExistsOneSlot, Direct = KeyspaceCommands.Exists },
        new("TYPE", 2, Read, 1, 1, 1, "generic", "Determines the type of value stored at a key.") { Plan = Type },
        new("RENAME", 3, ["write"], 1, 2, 1, "generic", "Renames a key and overwrites the destination.") { Plan = ctx => Rename(ctx, onlyIfAbsent: false) },
        new("RENAMENX", 3, Write, 1, 2, 1, "generic", "Renames a key only when the target key name doesn't exist.") { Plan = ctx => Rename(ctx, onlyIfAbsent: true) },
        new("EXPIRE", -3, Write, 1, 1, 1, "generic", "Sets the expiration time of a key in seconds.") { Plan = ctx => Expire(ctx, Unit.Seconds, "expire") },
        new("PEXPIRE", -3, Write, 1, 1, 1, "generic", "Sets the expiration time of a key in milliseconds.") { Plan = ctx => Expire(ctx, Unit.Milliseconds, "pexpire") },
        new("EXPIREAT", -3, Write, 1, 1, 1, "generic", "Sets the expiration time of a key to a Unix timestamp.") { Plan = ctx => Expire(ctx, Unit.UnixSeconds, "expireat") },
        new("PEXPIREAT", -3, Write, 1, 1, 1, "generic", "Sets the expiration time of a key to a Unix milliseconds timestamp.") { Plan = ctx => Expire(ctx, Unit.UnixMilliseconds, "pexpireat") },
        new("PERSIST", 2, Write, 1, 1, 1, "generic", "Removes the expiration time of a key.") { Plan = Persist },
        new("TTL", 2, Read, 1, 1, 1, "generic", "Returns the expiration time in seconds of a key.") { Plan = ctx => Ttl(ctx, TtlUnit.Seconds, absolute: false) },
        new("PTTL", 2, Read, 1, 1, 1, "generic", "Returns the expiration time in milliseconds of a key.") { Plan = ctx => Ttl(ctx, TtlUnit.Milliseconds, absolute: false) },
        new("EXPIRETIME", 2, Read, 1, 1, 1, "generic", "Returns the expiration time of a key as a Unix timestamp.") { Plan = ctx => Ttl(ctx, TtlUnit.Seconds, absolute: true) },
        new("PEXPIRETIME", 2, Read, 1, 1, 1, "generic", "Returns the expiration time of a key as a Unix milliseconds timestamp.") { Plan = ctx => Ttl(ctx, TtlUnit.Milliseconds, absolute: true) },
        new("OBJECT", -2, ["readonly"], 2, 2, 1, "generic", "A container for object introspection commands.") { Plan = ObjectInfo, Direct = ObjectDirect },
    ];

    private static CommandPlan? Delete(RespContext ctx) => EachKey(ctx, ReplyShape.Sum, readOnly: false, key => new DeleteOp(key));

    private static CommandPlan? ExistsOneSlot(RespContext ctx) => EachKey(ctx, ReplyShape.Sum, readOnly: true, key => new ExistsOp(key));

    private static CommandPlan? Type(RespContext ctx) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: true, new TypeOp(key)) : null;

    private static CommandPlan? Rename(RespContext ctx, bool onlyIfAbsent)
    {
        if (ctx.Key(1) is not { } key || ctx.Key(2) is not { } newKey)
        {
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new RenameOp(key, newKey, onlyIfAbsent));
    }

    /// <summary>EXPIRE key time [NX | XX | GT | LT].</summary>
    private static CommandPlan? Expire(RespContext ctx, Unit unit, string name)
    {
        if (ctx.Key(1) is not { } key || !TryExpireTime(ctx, 2, unit, name, out var at))
        {
            return null;
        }

        var condition = ExpireCondition.Always;
        for (var i = 3; i < ctx.Request.Count; i++)
        {
            condition |= ctx.Request.Word(i) switch
            {
                "NX" => ExpireCondition.IfNone,
                "XX" => ExpireCondition.IfAny,
                "GT" => ExpireCondition.IfLater,
                "LT" => ExpireCondition.IfEarlier,
                _ => (ExpireCondition)0xff,
            };
            if (condition == (ExpireCondition)0xff)
            {
                ctx.Error($"ERR Unsupported option {ctx.Request.Text(i)}");
                return null;
            }
        }

        if (condition.HasFlag(ExpireCondition.IfNone) && condition != ExpireCondition.IfNone)
        {
            ctx.Error("ERR NX and XX, GT or LT options at the same time are not compatible");
            return null;
        }

        if (condition.HasFlag(ExpireCondition.IfLater | ExpireCondition.IfEarlier))
        {
            ctx.Error("ERR GT and LT options at the same time are not compatible");
            return null;
        }

        return ctx.Plan(ReplyShape.One, readOnly: false, new ExpireOp(key, at, condition));
    }

    private static CommandPlan? Persist(RespContext ctx) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: false, new PersistOp(key)) : null;

    private static CommandPlan? Ttl(RespContext ctx, TtlUnit unit, bool absolute) =>
        ctx.Key(1) is { } key ? ctx.Plan(ReplyShape.One, readOnly: true, new TtlOp(key, unit, absolute)) : null;

    private static readonly Subcommands ObjectSubcommands = new("OBJECT", ("ENCODING", 3), ("FREQ", 3), ("IDLETIME", 3), ("REFCOUNT", 3), ("HELP", 2));

    // Redis's rules and words: the counter is meaningful only under an LFU policy, idle time under any other.
    private static readonly ReplyShape FrequencyNotTracked = new ReplyShape.NilOrErrorShape(
        "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");

    private static readonly ReplyShape IdleTimeNotTracked = new ReplyShape.NilOrErrorShape(
        "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");

    /// <summary>OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT key, as slot ops (HELP: <see cref="ObjectDirect"/>). FREQ and
    /// IDLETIME answer Redis's own errors when the eviction policy tracks the other (nil for a missing key, as Redis).</summary>
    private static CommandPlan? ObjectInfo(RespContext ctx)
    {
        var sub = ObjectSubcommands.Resolve(ctx);
        if (sub == "HELP")
        {
            // Only reached inside MULTI: outside, ObjectDirect answers it.
            ctx.Error("ERR OBJECT HELP cannot run inside MULTI in AkkaKv");
            return null;
        }

        if (sub is null || ctx.Key(2) is not { } key)
        {
            return null;
        }

        // Where the policy does not track what is asked, REFCOUNT's op only tells whether the key exists (1 or nil).
        return sub switch
        {
            "ENCODING" => ctx.Plan(ReplyShape.One, readOnly: true, new EncodingOp(key)),
            "REFCOUNT" => ctx.Plan(ReplyShape.One, readOnly: true, new RefCountOp(key)),
            "FREQ" when !UsesLfu(ctx) => ctx.Plan(FrequencyNotTracked, readOnly: true, new RefCountOp(key)),
            "FREQ" => ctx.Plan(ReplyShape.One, readOnly: true, new FrequencyOp(key, ctx.Node.Slots.Memory.Settings.LfuDecayMinutes)),
            "IDLETIME" when UsesLfu(ctx) => ctx.Plan(IdleTimeNotTracked, readOnly: true, new RefCountOp(key)),
            _ => ctx.Plan(ReplyShape.One, readOnly: true, new IdleTimeOp(key)), // IDLETIME
        };
    }

    /// <summary>OBJECT outside a transaction: HELP replies by itself (after the replies before it), the rest are slot ops.</summary>
    private static ValueTask ObjectDirect(RespContext ctx)
    {
        if (ctx.Request.Count == 2 && ctx.Request.Is(1, "HELP"))
        {
            SubcommandHelp.Write(
                ctx.Writer,
                "OBJECT",
                ("ENCODING <key>", ["Return the kind of internal representation of the value stored at <key>."]),
                ("FREQ <key>", ["Return the access frequency index of <key> (LFU policies only)."]),
                ("IDLETIME <key>", ["Return the seconds since <key> was last accessed (not under LFU policies)."]),
                ("REFCOUNT <key>", ["Return the number of references of the value stored at <key>."]));
            return default;
        }

        return ObjectInfo(ctx) is { } plan ? ctx.Execute(plan) : default;
    }

    private static bool UsesLfu(RespContext ctx) => ctx.Node.Slots.Memory.Settings.Policy.UsesLfu();

    private static CommandPlan? EachKey(RespContext ctx, ReplyShape shape, bool readOnly, Func<string, SlotOp> op)
    {
        var ops = new SlotOp[ctx.Request.Count - 1];
        for (var i = 1; i < ctx.Request.Count; i++)
        {
            if (ctx.Key(i) is not { } key)
            {
                return null;
            }

            ops[i - 1] = op(key);
        }

        return ctx.Plan(shape, readOnly, ops);
    }
}
