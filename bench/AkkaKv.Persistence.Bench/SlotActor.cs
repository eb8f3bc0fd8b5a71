using Akka.Actor;
using Akka.Persistence;

namespace AkkaKv.Persistence.Bench;

public sealed record Write(byte[] Value);

public sealed record Written;

/// <summary>Stands in for a KV slot entity: persists one event per command and replies once it is durable.</summary>
public sealed class SlotActor : ReceivePersistentActor
{
    private static readonly Written Done = new();

    public SlotActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<byte[]>(_ => { });
        Command<Write>(w => Persist(w.Value, _ => Sender.Tell(Done)));
    }

    public override string PersistenceId { get; }
}
