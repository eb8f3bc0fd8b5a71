using System.Text;
using AkkaKv.Actors.Gateway;
using AkkaKv.Resp.Commands;

namespace AkkaKv.Resp.Execution;

/// <summary>Runs one parsed command: looks it up, checks arity and AUTH, queues it inside MULTI, and otherwise runs its
/// fast path (GET, plain SET) or its plan (replies may still be in flight), or else its direct handler (after every
/// earlier reply is written).</summary>
internal static class CommandDispatcher
{
    public static ValueTask Run(RespContext ctx)
    {
        var request = ctx.Request;
        var command = CommandTable.Find(request[0]);
        if (command is null)
        {
            ctx.Error(UnknownCommand(ctx));
            return FailTransaction(ctx);
        }

        ctx.Session.LastCommand = command;
        if (!command.AcceptsArgumentCount(request.Count))
        {
            if (command.AbortsTransactionWhenRefused)
            {
                return AbortTransaction(ctx, $"wrong number of arguments for '{command.Name.ToLowerInvariant()}' command");
            }

            ctx.ArityError();
            return FailTransaction(ctx);
        }

        if (!ctx.Session.Authenticated && !command.BeforeAuth)
        {
            if (command.AbortsTransactionWhenRefused)
            {
                return AbortTransaction(ctx, "NOAUTH Authentication required.");
            }

            ctx.Error("NOAUTH Authentication required.");
            return default;
        }

        if (command.TouchesData && ctx.Unavailable is { } reason)
        {
            // TRYAGAIN: the error Redis Cluster clients already treat as "retry shortly".
            ctx.Error($"TRYAGAIN {reason}");
            return FailTransaction(ctx);
        }

        if (ctx.Session.Transaction is { } transaction && !command.ControlsTransaction)
        {
            if (command.Plan is null && command.QueuedReply is null)
            {
                ctx.Error($"ERR '{command.Name}' cannot run inside MULTI in AkkaKv: a transaction holds key commands of one slot");
                return FailTransaction(ctx);
            }

            var plan = ctx.PlanQueued(command.Plan ?? QueuedReplyPlan(command), out var error);
            if (plan is null && (error is null || error == RespErrors.CrossSlot))
            {
                // Keys of another slot than the transaction's: refused when queued, as Redis Cluster does.
                if (error is not null)
                {
                    ctx.Error(error);
                }

                return FailTransaction(ctx);
            }

            transaction.Add(new QueuedCommand(plan ?? CommandPlan.Constant(Ops.OpResult.Error(error!))));
            ctx.Queue.Ready(ctx.Writer, ReplyShape.One, Ops.OpResult.Status("QUEUED"));
            return default;
        }

        // Any command outside MULTI (EXEC too): one that sends to a slot must not overtake this connection's earlier ones.
        if (!ctx.KeepsRoute())
        {
            return RunAfterReplies(ctx);
        }

        if (command.Fast is not null)
        {
            return command.Fast(ctx);
        }

        if (command.Direct is null)
        {
            return command.Plan!(ctx) is { } plan ? ctx.Execute(plan) : default;
        }

        if (!ctx.Queue.IsEmpty)
        {
            return DrainThenRun(ctx, command.Direct);
        }

        var run = command.Direct(ctx);
        return run.IsCompletedSuccessfully ? run : Guarded(ctx, run);
    }

    /// <summary>Runs the command once every earlier reply is in (the routes to other nodes' slots changed meanwhile).</summary>
    private static async ValueTask RunAfterReplies(RespContext ctx)
    {
        await ctx.FlushRepliesAsync();
        await Run(ctx);
    }

    private static async ValueTask DrainThenRun(RespContext ctx, Func<RespContext, ValueTask> direct)
    {
        await ctx.FlushRepliesAsync();
        await Guarded(ctx, direct(ctx));
    }

    /// <summary>A command that asks slots elsewhere (KEYS, DBSIZE on a cluster) gets an error reply when one does not
    /// answer in time; its reply has not been started then, since each asks before it writes.</summary>
    private static async ValueTask Guarded(RespContext ctx, ValueTask run)
    {
        try
        {
            await run;
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            ctx.Writer.Error($"ERR a slot did not answer within {ctx.Node.Gateway.Timeout.TotalSeconds:0.#} s; retry");
        }
        catch (KvException e)
        {
            ctx.Writer.Error(RespErrors.For(e.Error));
        }
    }

    private static Func<RespContext, CommandPlan?> QueuedReplyPlan(RespCommand command) =>
        ctx => command.QueuedReply!(ctx) is { } reply ? CommandPlan.Constant(reply) : null;

    /// <summary>A refused EXEC, as Redis answers it (even outside MULTI): EXECABORT with the refusal, and the
    /// transaction, if any, is discarded, so the client's next EXEC or DISCARD finds none.</summary>
    private static ValueTask AbortTransaction(RespContext ctx, string refusal)
    {
        TransactionCommands.Discard(ctx.Session);
        ctx.Error($"EXECABORT Transaction discarded because of: {refusal}");
        return default;
    }

    private static ValueTask FailTransaction(RespContext ctx)
    {
        if (ctx.Session.Transaction is not null)
        {
            ctx.Session.TransactionFailed = true;
        }

        return default;
    }

    /// <summary>Redis's wording: ERR unknown command 'foo', with args beginning with: 'a' 'b' </summary>
    private static string UnknownCommand(RespContext ctx)
    {
        var request = ctx.Request;
        var text = new StringBuilder("ERR unknown command '").Append(Printable(request, 0)).Append("', with args beginning with: ");
        for (var i = 1; i < request.Count && text.Length < 256; i++)
        {
            text.Append('\'').Append(Printable(request, i)).Append("' ");
        }

        return text.ToString();
    }

    private static string Printable(Protocol.RespRequest request, int index)
    {
        var text = request.Text(index) ?? "?";
        return text.Length > 128 ? text[..128] : text;
    }
}
