using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
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
    internal RespContext(RespNode node, RespSession session, RespWriter writer, IResumeScheduler resume)
    {
        Node = node;
        Session = session;
        Writer = writer;
        Queue = new ReplyQueue(((ExtendedActorSystem)node.System).Provider, node.Gateway.Deadlines, node.Gateway.Timeout, resume);
        Request = new RespRequest();
        Window = new RequestWindow(Request);
    }

    public RespNode Node { get; }

    public RespSession Session { get; }

    public RespWriter Writer { get; }

    /// <summary>The command being run: one of <see cref="Window"/>'s requests.</summary>
    public RespRequest Request { get; internal set; }

    /// <summary>The commands of the current read parsed ahead of running them.</summary>
    internal RequestWindow Window { get; }

    private int _warmed; // WarmKeys's reads go here, so that they are made

    /// <summary>Reads the keys of the window's commands (each one's first argument, where GET, SET and most key commands
    /// have theirs) into the cache before any of them runs: a pipeline of GETs of random keys spent a quarter of a
    /// node's CPU waiting on each key's cell and entry in turn. In stages, each a loop over the window whose reads
    /// do not depend on one another, so that the core keeps all of a stage's cache misses in flight at once: the
    /// keys' slots and hashes, then the cell where each key's probe starts, then the entry there and its array (the
    /// later stages walk again from the slot to the cell, which is cached by then). The stages pass ints only: storing
    /// references into arrays cost a type check and a write barrier each. For commands without a key first it reads
    /// a cell for nothing.</summary>
    internal void WarmKeys()
    {
        var count = Window.Count;
        Span<int> slots = stackalloc int[RequestWindow.Size];
        Span<int> hashes = stackalloc int[RequestWindow.Size];
        for (var i = 0; i < count; i++)
        {
            var request = Window[i];
            // An argument longer than a key may be is no key (ECHO's text, a value): not worth hashing.
            (slots[i], hashes[i]) = request.Count > 1 && request[1].Length <= Node.KeyLimits.MaxKeyBytes
                ? (Node.Hasher.SlotOf(request[1]), EntryTable.HashOf(request[1]))
                : (-1, 0);
        }

        for (var i = 0; i < count; i++)
        {
            if (slots[i] >= 0 && Node.Slots.Find(slots[i]) is { } local)
            {
                _warmed += local.State.EntryAt(hashes[i]) is null ? 0 : 1;
            }
        }

        for (var i = 0; i < count; i++)
        {
            if (slots[i] >= 0 && Node.Slots.Find(slots[i]) is { } local)
            {
                _warmed += local.State.EntryAt(hashes[i])?.KeyUtf8.Length ?? 0;
            }
        }
    }

    internal ReplyQueue Queue { get; }

    /// <summary>The time commands are decided at, read once per batch of commands (as Redis caches its clock per event
    /// loop turn): a clock read costs ~70 ns here, a sizeable part of a pipelined GET.</summary>
    public long NowMs { get; private set; }

    /// <summary>Reads the clock; called before each batch of commands and after any wait.</summary>
    public void Tick() => NowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Why the node does not serve data commands now (null: it does); read once per batch of commands.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Reads the node's serving state; called before each batch of commands.</summary>
    public void CheckServing() => Unavailable = Node.UnavailableReason;

    private long _routeGeneration;

    /// <summary>Whether a command may be sent now without overtaking an earlier one of this connection. Commands for
    /// slots elsewhere go by the node's <see cref="RespNode.Routes"/> (batched to the slot's node, or through the shard
    /// region), and two routes deliver at different speeds: after the routes change, a connection with replies still
    /// coming waits for them before it sends again, so its commands reach each slot in the order they were sent.</summary>
    public bool KeepsRoute()
    {
        var generation = Node.Routes.Generation;
        if (generation == _routeGeneration)
        {
            return true;
        }

        if (!Queue.IsEmpty)
        {
            return false;
        }

        _routeGeneration = generation;
        return true;
    }

    private bool _planningQueued;
    private string? _queuedError;

    /// <summary>Replies an error in its place in the reply order; while a command is planned for MULTI's queue, keeps
    /// it instead, for <see cref="PlanQueued"/>.</summary>
    public void Error(string message)
    {
        if (_planningQueued)
        {
            _queuedError ??= message;
            return;
        }

        Queue.Ready(Writer, ReplyShape.One, message);
    }

    /// <summary>Plans a command to queue inside MULTI. Redis refuses a transaction when a command is queued only for an
    /// unknown command or a wrong number of arguments (the dispatcher checks those first) and, in a cluster, for keys
    /// of another slot; any other error (a syntax error, a number that is not one) is that command's reply inside
    /// EXEC's, and the transaction's other commands still run. So the error a plan answers is returned in
    /// <paramref name="error"/> rather than written, for the caller to decide.</summary>
    internal CommandPlan? PlanQueued(Func<RespContext, CommandPlan?> plan, out string? error)
    {
        _planningQueued = true;
        _queuedError = null;
        try
        {
            var planned = plan(this);
            error = _queuedError;
            return planned;
        }
        finally
        {
            _planningQueued = false;
            _queuedError = null;
        }
    }

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
    public string? Key(int index) => IsValidKey(index) ? Encoding.UTF8.GetString(Request[index]) : null;

    /// <summary>Whether argument <paramref name="index"/> is a key AkkaKv takes (size, not empty, valid UTF-8); replies
    /// the error when not. The hot paths check this and then use the bytes, with no string made.</summary>
    public bool IsValidKey(int index)
    {
        var bytes = Request[index];
        if (bytes.Length > Node.KeyLimits.MaxKeyBytes)
        {
            Error($"ERR the key is {bytes.Length} bytes; the limit is {Node.KeyLimits.MaxKeyBytes}");
            return false;
        }

        if (bytes.Length == 0)
        {
            Error("ERR empty keys are not supported by AkkaKv");
            return false;
        }

        if (!Utf8.IsValid(bytes))
        {
            Error("ERR the key is not valid UTF-8; AkkaKv keys are text");
            return false;
        }

        return true;
    }

    /// <summary>Argument <paramref name="index"/> as a value; on a bad value replies the error and returns null.</summary>
    public string? Value(int index) => IsValidValue(index) ? Encoding.UTF8.GetString(Request[index]) : null;

    /// <summary>Whether argument <paramref name="index"/> is a value AkkaKv takes (size, valid UTF-8); replies the error
    /// when not.</summary>
    public bool IsValidValue(int index)
    {
        var bytes = Request[index];
        if (Node.KeyLimits.CheckValueSize(bytes.Length) is { } tooLarge)
        {
            Error($"ERR {tooLarge.Message}");
            return false;
        }

        if (!Utf8.IsValid(bytes))
        {
            Error("ERR the value is not valid UTF-8; AkkaKv values are text");
            return false;
        }

        return true;
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
                Error(RespErrors.CrossSlot);
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

        Send(message, plan.Shape, local?.Inbox);
        return default;
    }

    /// <summary>Sends a slot command; its reply takes the next place in the reply order. A write carries the
    /// connection's write consistency (CLIENT CONSISTENCY WRITE), which only replicated keys heed.</summary>
    public void Send(ISlotCommand command, ReplyShape shape, IActorRef? localInbox)
    {
        if (Session.WriteConsistency is { } level)
        {
            command = new WithConsistency(command, level);
        }

        var pending = Queue.Expect(shape, remote: localInbox is null);
        (localInbox ?? Node.Gateway.Region).Tell(command, pending);
    }

    /// <summary>Whether a GET of <paramref name="key"/> is answered from the replicas: a replicated key, on a
    /// connection reading at local or majority (READONLY, CLIENT CONSISTENCY READ).</summary>
    public bool ReadsFromReplica(string key) => MayReadReplicas && Node.Gateway.Replication!.IsReplicated(key);

    /// <summary>Whether any read of this connection may go to replicas (replication is on and the connection reads at a
    /// consistency below linearizable).</summary>
    public bool MayReadReplicas =>
        Session.ReadConsistency != Replication.ReadConsistency.Linearizable && Node.Gateway.Replication is not null;

    /// <summary>Reads a replicated key from the replicas; the reply keeps its place in the pipeline. Behind this
    /// connection's writes in flight it first waits for them (as a GET from the owner does), so a write acknowledged at
    /// all, or at local through this node, is seen by the connection's next GET.</summary>
    public ValueTask ReadReplica(string key)
    {
        if (!Queue.IsEmpty)
        {
            return DrainThenReadReplica(key);
        }

        StartReplicaRead(key);
        return default;
    }

    private async ValueTask DrainThenReadReplica(string key)
    {
        await Queue.DrainAsync(Writer);
        StartReplicaRead(key);
    }

    private void StartReplicaRead(string key)
    {
        var pending = Queue.Expect(ReplyShape.One, remote: false);
        _ = ReadReplicaAsync(key, Session.ReadConsistency, pending);
    }

    private async Task ReadReplicaAsync(string key, Replication.ReadConsistency level, IActorRef pending)
    {
        object reply;
        try
        {
            var entry = await Node.Gateway.GetAsync(key, level);
            reply = new OpsDone([OpResult.Value(entry?.Value)]);
        }
        catch (Actors.Gateway.KvException e)
        {
            reply = $"TRYAGAIN {e.Error.Message}";
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException)
        {
            reply = "TRYAGAIN the replicas did not answer in time";
        }

        pending.Tell(reply);
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
