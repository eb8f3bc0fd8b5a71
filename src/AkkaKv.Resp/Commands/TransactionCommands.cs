using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>MULTI / EXEC / DISCARD / WATCH / UNWATCH. A transaction's commands, and the keys it watches, must all be in
/// one slot (use {hash tags}); EXEC sends them to that slot as one batch, so they run atomically, are journaled as one
/// write, and run only if no watched key changed. Across slots EXEC answers CROSSSLOT, as Redis Cluster does.</summary>
internal static class TransactionCommands
{
    public static IEnumerable<RespCommand> All() =>
    [
        new("MULTI", 1, ["fast"], 0, 0, 0, "transactions", "Starts a transaction.") { Direct = Multi, ControlsTransaction = true },
        new("EXEC", 1, [], 0, 0, 0, "transactions", "Executes all commands in a transaction.") { Direct = Exec, ControlsTransaction = true, AbortsTransactionWhenRefused = true },
        new("DISCARD", 1, ["fast"], 0, 0, 0, "transactions", "Discards a transaction.") { Direct = Discard, ControlsTransaction = true },
        new("WATCH", -2, ["fast"], 1, -1, 1, "transactions", "Monitors changes to keys to determine the execution of a transaction.") { Direct = Watch, ControlsTransaction = true },
        new("UNWATCH", 1, ["fast"], 0, 0, 0, "transactions", "Forgets about watched keys of a transaction.") { Direct = Unwatch, QueuedReply = _ => OpResult.Status("OK") },
    ];

    private static ValueTask Multi(RespContext ctx)
    {
        if (ctx.Session.Transaction is not null)
        {
            ctx.Error("ERR MULTI calls can not be nested");
            return default;
        }

        ctx.Session.Transaction = [];
        ctx.Session.TransactionFailed = false;
        ctx.Writer.Ok();
        return default;
    }

    private static ValueTask Discard(RespContext ctx)
    {
        if (ctx.Session.Transaction is null)
        {
            ctx.Error("ERR DISCARD without MULTI");
            return default;
        }

        Discard(ctx.Session);
        ctx.Writer.Ok();
        return default;
    }

    private static ValueTask Unwatch(RespContext ctx)
    {
        ctx.Session.Watches.Clear();
        ctx.Writer.Ok();
        return default;
    }

    /// <summary>Records each key's revision now; EXEC runs only if they are unchanged then.</summary>
    private static async ValueTask Watch(RespContext ctx)
    {
        if (ctx.Session.Transaction is not null)
        {
            ctx.Error("ERR WATCH inside MULTI is not allowed");
            return;
        }

        for (var i = 1; i < ctx.Request.Count; i++)
        {
            if (ctx.Key(i) is not { } key)
            {
                return;
            }

            var slot = ctx.Node.Hasher.SlotOf(key);
            var seen = ctx.Node.Slots.Find(slot) is { } local
                ? WatchedKey.Seen(new Slots.CommittedView(local.State, ctx.NowMs), key)
                : (WatchedKey)(await ctx.Node.Gateway.AskSlotAsync<OpsDone>(new RunOps(slot, [new WatchOp(key)]))).Results[0].Payload!;
            ctx.Session.Watches.TryAdd(key, seen);
        }

        ctx.Writer.Ok();
    }

    private static ValueTask Exec(RespContext ctx)
    {
        var session = ctx.Session;
        if (session.Transaction is not { } queued)
        {
            ctx.Error("ERR EXEC without MULTI");
            return default;
        }

        var failed = session.TransactionFailed;
        var watches = session.Watches.Values.ToList();
        Discard(session);
        if (failed)
        {
            ctx.Error("EXECABORT Transaction discarded because of previous errors.");
            return default;
        }

        if (queued.Count == 0 && watches.Count == 0)
        {
            ctx.Writer.Array(0);
            return default;
        }

        var slots = queued.Where(q => q.Plan.Slot != CommandPlan.NoSlot).Select(q => q.Plan.Slot)
            .Concat(watches.Select(w => ctx.Node.Hasher.SlotOf(w.Key))).Distinct().ToList();
        if (slots.Count > 1)
        {
            ctx.Error(RespErrors.CrossSlot);
            return default;
        }

        var ops = queued.SelectMany(q => q.Plan.Ops).ToArray();
        var shape = new TransactionShape([.. queued.Select(q => (q.Plan.Shape, q.Plan.Ops.Length))]);
        if (slots.Count == 0)
        {
            // Only commands that touch no key (PING, ECHO, UNWATCH): nothing to send anywhere.
            shape.Write(ctx.Writer, []);
            return default;
        }

        var command = new RunOps(slots[0], ops, watches);
        var local = ctx.Node.Slots.Find(slots[0]);
        if (local is not null && local.TryRunInline(command, ctx.NowMs, out var reply))
        {
            shape.WriteReply(ctx.Writer, reply);
            return default;
        }

        ctx.Send(command, shape, local?.Inbox);
        return default;
    }

    /// <summary>Ends the session's transaction, if any, and forgets its watched keys.</summary>
    public static void Discard(RespSession session)
    {
        session.Transaction = null;
        session.TransactionFailed = false;
        session.Watches.Clear();
    }
}
