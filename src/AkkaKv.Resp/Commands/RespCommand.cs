using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>One command: how many arguments it takes (Redis arity: exact when positive, at least -n when negative,
/// counting the name), where its keys are (for COMMAND and clients that route by key), and how it runs.
/// A command that turns into ops has <see cref="Plan"/>: it can be queued in MULTI and its writes join a pipeline's
/// batch. Others have <see cref="Direct"/>: they reply by themselves, after the replies before them are written.
/// Some have both: Direct outside a transaction (MGET across slots), Plan inside one.</summary>
public sealed record RespCommand(string Name, int Arity, string[] Flags, int FirstKey, int LastKey, int Step, string Group, string Summary)
{
    public Func<RespContext, CommandPlan?>? Plan { get; init; }

    public Func<RespContext, ValueTask>? Direct { get; init; }

    /// <summary>A shortcut for the hottest commands outside a transaction, run without waiting for earlier replies: it
    /// keeps the reply order itself (through the context's queue) and falls back to <see cref="Plan"/> when it cannot.</summary>
    public Func<RespContext, ValueTask>? Fast { get; init; }

    /// <summary>For a command that touches no key but may be queued inside MULTI (PING, ECHO, UNWATCH, as Redis queues
    /// them): its reply, decided when it is queued and given in its place in EXEC's reply. Null when the arguments are
    /// wrong (the command then fails the transaction, with its error).</summary>
    public Func<RespContext, Ops.OpResult?>? QueuedReply { get; init; }

    /// <summary>May run before AUTH when a password is set (AUTH, HELLO, QUIT).</summary>
    public bool BeforeAuth { get; init; }

    /// <summary>Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT).</summary>
    public bool ControlsTransaction { get; init; }

    /// <summary>Refused (a wrong number of arguments, no AUTH yet), it answers EXECABORT and discards the transaction,
    /// as Redis's EXEC does.</summary>
    public bool AbortsTransactionWhenRefused { get; init; }

    /// <summary>Reads or writes keys (Redis's readonly/write flags): refused while the node is not serving.</summary>
    public bool TouchesData { get; } = Flags.Contains("write") || Flags.Contains("readonly");

    public bool AcceptsArgumentCount(int count) => Arity >= 0 ? count == Arity : count >= -Arity;
}
