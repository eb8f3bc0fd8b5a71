using Akka.Actor;
using Akka.Persistence;

namespace AkkaKv.Persistence.Tests;

public sealed record PersistAsyncThenDefer(string[] Values, string? Deferred);

public sealed record DeferOnly(string Value);

public sealed record GetLog;

/// <summary>
/// Uses PersistAllAsync and DeferAsync, whose handlers run in reply order, so the order in which the journal answers
/// (WriteMessageSuccess and LoopMessageSuccess) is visible in <see cref="GetLog"/> and in the replies to the sender.
/// </summary>
public sealed class AsyncLogActor : ReceivePersistentActor
{
    private readonly List<string> _log = [];

    public AsyncLogActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<string>(_ => { });
        Command<PersistAsyncThenDefer>(c =>
        {
            PersistAllAsync(c.Values, e => Handled(e));
            if (c.Deferred is { } deferred)
            {
                DeferAsync(deferred, d => Handled(d));
            }
        });
        Command<DeferOnly>(c => DeferAsync(c.Value, d => Handled(d)));
        Command<GetLog>(_ => Sender.Tell(_log.ToArray()));
    }

    public override string PersistenceId { get; }

    // Sender is the sender of the command that persisted or deferred: the journal must reply with it.
    private void Handled(string value)
    {
        _log.Add(value);
        Sender.Tell(value);
    }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new AsyncLogActor(persistenceId));
}
