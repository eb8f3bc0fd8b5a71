using System.Runtime.InteropServices;
using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Resp.Protocol;
using AkkaKv.Slots;

namespace AkkaKv.Resp.Execution;

/// <summary>One connection's execution state: the command being run, where replies go, and how a command's ops reach
/// their slot. Reads of a slot owned by this node are answered from its state with no message; writes are decided
/// inline (cache mode) or sent to the slot's owner with the pending reply as reply-to (store mode, and slots elsewhere).</summary>
public sealed class RespContext
{
    internal RespContext(RespNode node, RespSession session, RespWriter writer)
    {
        Node = node;
        Session = session;
        Writer = writer;
        Queue = new ReplyQueue(((ExtendedActorSystem)node.System).Provider, node.Gateway.Deadlines, node.Gateway.Timeout);
    }

    public RespNode Node { get; }

    public RespSession Session { get; }

    public RespWriter Writer { get; }

    public RespRequest Request { get; } = new();

    internal ReplyQueue Queue { get; }

    /// <summary>The time commands are decided at, read once per batch of commands (as Redis caches its clock per event
    /// loop turn): a clock read costs ~70 ns here, a sizeable part of a pipelined GET.</summary>
    public long NowMs { get; private set; }

    /// <summary>Reads the clock; called before each batch of commands and after any wait.</summary>
    public void Tick() => NowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Why the node does not serve data commands now (null: it does); read once per batch of commands.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Reads the node's serving state; called before each batch of commands.</summary>
    public void CheckServing() => Unavailable = AkkaKv.Actors.Hosting.NodeServing.UnavailableReason(Node.System);

    /// <summary>Replies an error in its place in the reply order.</summary>
    public void Error(string message) => Queue.Ready(Writer, ReplyShape.One, message);

    public void SyntaxError() => Error("ERR syntax error");

    public void ArityError() => Error($"ERR wrong number of arguments for '{Request.Word(0).ToLowerInvariant()}' command");

    /// <summary>Waits for every reply still coming and writes all queued ones; commands that reply by themselves
    /// (not through ops) run after this, so their reply lands in order.</summary>
    public async ValueTask FlushRepliesAsync()
    {
        if (!Queue.IsEmpty)
        {
            await Queue.DrainAsync(Writer);
            Tick();
        }
    }

    /// <summary>Argument <paramref name="index"/> as a key; on a bad key replies the error and returns null.</summary>
    public string? Key(int index)
    {
        var bytes = Request[index];
        if (bytes.Length > Node.KeyLimits.MaxKeyBytes)
        {
            Error($"ERR the key is {bytes.Length} bytes; the limit is {Node.KeyLimits.MaxKeyBytes}");
            return null;
        }

        if (bytes.Length == 0)
        {
            Error("ERR empty keys are not supported by AkkaKv");
            return null;
        }

        var key = Request.Text(index);
        if (key is null)
        {
            Error("ERR the key is not valid UTF-8; AkkaKv keys are text");
        }

        return key;
    }

    /// <summary>Argument <paramref name="index"/> as a value; on a bad value replies the error and returns null.</summary>
    public string? Value(int index)
    {
        var bytes = Request[index];
        if (Node.KeyLimits.CheckValueSize(bytes.Length) is { } tooLarge)
        {
            Error($"ERR {tooLarge.Message}");
            return null;
        }

        var value = Request.Text(index);
        if (value is null)
        {
            Error("ERR the value is not valid UTF-8; AkkaKv values are text");
        }

        return value;
    }

    public bool TryInteger(int index, out long value)
    {
        if (Redis.RedisNumbers.TryParseInt64(Request[index], out value))
        {
            return true;
        }

        Error(OpErrors.NotInteger);
        return false;
    }

    /// <summary>A plan for ops that must all be on one slot; CROSSSLOT (as Redis Cluster) when they are not.</summary>
    public CommandPlan? Plan(ReplyShape shape, bool readOnly, params SlotOp[] ops)
    {
        var slot = Node.Hasher.SlotOf(ops[0].Key);
        for (var i = 0; i < ops.Length; i++)
        {
            if ((i > 0 && !SameSlot(slot, ops[i].Key)) || !OtherKeysIn(slot, ops[i]))
            {
                Error("CROSSSLOT Keys in request don't hash to the same slot");
                return null;
            }
        }

        return new CommandPlan(slot, ops, shape, readOnly);
    }

    private bool OtherKeysIn(int slot, SlotOp op)
    {
        foreach (var key in op.OtherKeys)
        {
            if (!SameSlot(slot, key))
            {
                return false;
            }
        }

        return true;
    }

    private bool SameSlot(int slot, string key) => Node.Hasher.SlotOf(key) == slot;

    /// <summary>Runs a plan. Reads of a local slot first wait for this connection's writes in flight (so a GET after a
    /// SET in one pipeline sees the SET), then read committed state directly.</summary>
    public ValueTask Execute(CommandPlan plan)
    {
        var local = Node.Slots.Find(plan.Slot);
        if (plan.ReadOnly && local is not null)
        {
            if (!Queue.IsEmpty)
            {
                return DrainThenRead(plan, local.State);
            }

            ReadLocal(plan, local.State);
            return default;
        }

        var message = new RunOps(plan.Slot, plan.Ops);
        if (!plan.ReadOnly && local is not null && local.TryRunInline(message, NowMs, out var reply))
        {
            Queue.Ready(Writer, plan.Shape, reply);
            return default;
        }

        Send(message, plan.Shape, local?.Owner);
        return default;
    }

    /// <summary>Sends a slot command; its reply takes the next place in the reply order.</summary>
    public void Send(ISlotCommand command, ReplyShape shape, IActorRef? localOwner)
    {
        var pending = Queue.Expect(shape, remote: localOwner is null);
        (localOwner ?? Node.Gateway.Region).Tell(command, pending);
    }

    private async ValueTask DrainThenRead(CommandPlan plan, SlotState state)
    {
        await Queue.DrainAsync(Writer);
        Tick();
        ReadLocal(plan, state);
    }

    private void ReadLocal(CommandPlan plan, SlotState state)
    {
        var view = new CommittedView(state, NowMs);
        if (plan.Ops.Length == 1)
        {
            var result = ((ReadOp)plan.Ops[0]).Read(view);
            plan.Shape.Write(Writer, MemoryMarshal.CreateReadOnlySpan(ref result, 1));
            return;
        }

        var results = new OpResult[plan.Ops.Length];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = ((ReadOp)plan.Ops[i]).Read(view);
        }

        plan.Shape.Write(Writer, results);
    }
}
