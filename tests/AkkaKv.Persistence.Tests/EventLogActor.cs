using Akka.Actor;
using Akka.Persistence;

namespace AkkaKv.Persistence.Tests;

public sealed record Append(string Value);

public sealed record AppendMany(string[] Values);

public sealed record Acked(string PersistenceId, long SequenceNr);

public sealed record GetState;

public sealed record State(string[] Events, long LastSequenceNr);

public sealed record TakeSnapshot;

public sealed record DeleteAllEvents;

/// <summary>A plain persistent actor: the journal is exercised exactly as application actors use it.</summary>
public sealed class EventLogActor : ReceivePersistentActor
{
    private readonly List<string> _events = [];
    private IActorRef _replyTo = ActorRefs.Nobody;

    public EventLogActor(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<SnapshotOffer>(offer =>
        {
            _events.Clear();
            _events.AddRange((string[])offer.Snapshot);
        });
        Recover<string>(_events.Add);
        Command<Append>(c => Persist(c.Value, e =>
        {
            _events.Add(e);
            Sender.Tell(new Acked(PersistenceId, LastSequenceNr));
        }));
        Command<AppendMany>(c => PersistAll(c.Values, e =>
        {
            _events.Add(e);
            Sender.Tell(new Acked(PersistenceId, LastSequenceNr));
        }));
        Command<GetState>(_ => Sender.Tell(new State([.. _events], LastSequenceNr)));
        Command<TakeSnapshot>(_ =>
        {
            _replyTo = Sender;
            SaveSnapshot(_events.ToArray());
        });
        Command<SaveSnapshotSuccess>(s => _replyTo.Tell(s));
        Command<DeleteAllEvents>(_ =>
        {
            _replyTo = Sender;
            DeleteMessages(long.MaxValue);
        });
        Command<DeleteMessagesSuccess>(s => _replyTo.Tell(s));
    }

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new EventLogActor(persistenceId));
}
