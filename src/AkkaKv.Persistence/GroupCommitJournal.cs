using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence;

/// <summary>
/// Journal that commits the writes of all persistent actors on the node together. Each <see cref="WriteMessages"/>
/// is only serialized here and queued; <see cref="GroupCommitWriter"/> turns whatever has queued up into one
/// transaction and, right after the commit, answers the persistent actors itself from its thread. One fsync then
/// acknowledges hundreds of events instead of a handful.
/// </summary>
/// <remarks>
/// <para>
/// This speaks Akka.Persistence's journal protocol directly instead of deriving from AsyncWriteJournal, which per
/// WriteMessages wraps the call in a circuit breaker (a scheduled timeout per call), awaits a task, continues on the
/// thread pool and sends every reply through its resequencer actor: several thread-pool hops and allocations per
/// write, a large share of the CPU of a write on a 2-core node. Here the replies go from the writer thread straight
/// into the persistent actor's mailbox; <see cref="WriteRequest"/> documents their order, which is AsyncWriteJournal's.
/// </para>
/// <para>
/// There is deliberately no circuit breaker. It exists to stop piling calls onto a slow or dead store, but here
/// the single writer thread is the only way to the store and is the bottleneck by design: requests just wait in
/// its queue, and every failed transaction is reported right away, per batch, as WriteMessagesFailed plus
/// WriteMessageFailure for each of its events (which stops those persistent actors). A failing database therefore
/// already fails each write with one attempt, without timers. Replays and deletes are rare and run as tasks whose
/// errors are reported the same way.
/// </para>
/// <para>
/// No replay filter either: each persistence id has a single writer (cluster sharding), so there are no
/// interleaved writers to repair on replay.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
public sealed class GroupCommitJournal : WriteJournalBase
{
    private readonly PluginSettings _settings;
    private readonly PayloadSerializer _serializer;
    private readonly JournalReader _reader;
    private readonly bool _publishPluginCommands;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private GroupCommitWriter? _writer;
    private Blocks.JournalIndex? _index; // SQLite: the one this journal loaded, dropped when it stops

    public GroupCommitJournal(Config config)
    {
        _settings = PluginSettings.FromConfig(config);
        _serializer = new PayloadSerializer((ExtendedActorSystem)Context.System);
        _reader = new JournalReader(_settings.Dialect, _settings.ConnectionString, _serializer);
        _publishPluginCommands = Akka.Persistence.Persistence.Instance.Apply(Context.System).Settings.Internal.PublishPluginCommands;
    }

    protected override void PreStart()
    {
        // Blocking here is deliberate: no replay or write may run before the tables exist.
        _settings.Dialect.EnsureJournalSchema(_settings.ConnectionString);
        _index = _settings.Provider == DatabaseProvider.Sqlite ? Blocks.JournalIndex.For(_settings.ConnectionString) : null;
        _writer = new GroupCommitWriter(_settings, _log);
        DirectJournal.Register(Self, _writer, _serializer);
        base.PreStart();
    }

    protected override void PostStop()
    {
        DirectJournal.Unregister(Self);
        _writer?.Dispose();
        if (_index is not null)
        {
            Blocks.JournalIndex.Forget(_settings.ConnectionString, _index);
        }
        base.PostStop();
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                HandleWriteMessages(write);
                return true;
            case ReplayMessages replay:
                HandleReplayMessages(replay);
                return true;
            case DeleteMessagesTo delete:
                HandleDeleteMessagesTo(delete);
                return true;
            case GetGroupCommitStats:
                Sender.Tell(Writer.Stats);
                return true;
            default:
                return false;
        }
    }

    private void HandleWriteMessages(WriteMessages message)
    {
        List<JournalRow>? rows = null;
        Exception?[]? rejections = null; // per AtomicWrite; null = none rejected
        var atomicWrites = 0;
        foreach (var envelope in message.Messages)
        {
            if (envelope is not AtomicWrite write)
            {
                continue; // a Defer loop message: answered by the writer in its place among the replies
            }

            rows ??= new List<JournalRow>(write.Size);
            var start = rows.Count;
            try
            {
                // Serialize the whole AtomicWrite before accepting any of it: a payload that fails rejects only its own write.
                foreach (var p in (IEnumerable<IPersistentRepresentation>)write.Payload)
                {
                    var adapted = AdaptToJournal(p); // event adapters, as AsyncWriteJournal applies them
                    rows.Add(new JournalRow(
                        adapted.PersistenceId,
                        adapted.SequenceNr,
                        adapted.Timestamp > 0 ? adapted.Timestamp : DateTime.UtcNow.Ticks,
                        adapted.Manifest ?? string.Empty,
                        adapted.WriterGuid ?? string.Empty,
                        _serializer.Serialize(adapted.Payload)));
                }
            }
            catch (Exception ex)
            {
                rows.RemoveRange(start, rows.Count - start);
                rejections ??= new Exception?[message.Messages.Count()];
                rejections[atomicWrites] = ex;
            }

            atomicWrites++;
        }

        // Also a request without rows goes through the writer, so that its replies keep their place after earlier ones.
        Writer.Enqueue(new WriteMessagesRequest(rows is { Count: > 0 } ? rows : [], message, rejections, atomicWrites, Self));
    }

    private void HandleReplayMessages(ReplayMessages message)
    {
        // Replayed events go straight to the persistent actor; they need no ordering relative to writes.
        var replyTo = message.PersistentActor;
        var eventStream = Context.System.EventStream;
        RunInBackground(
            () =>
            {
                var highest = _reader.ReadHighestSequenceNr(message.PersistenceId);
                var toSequenceNr = Math.Min(message.ToSequenceNr, highest);
                if (toSequenceNr > 0 && message.FromSequenceNr <= toSequenceNr)
                {
                    _reader.Replay(message.PersistenceId, message.FromSequenceNr, toSequenceNr, message.Max, p =>
                    {
                        foreach (var adapted in AdaptFromJournal(p))
                        {
                            replyTo.Tell(new ReplayedMessage(adapted), ActorRefs.NoSender);
                        }
                    });
                }

                replyTo.Tell(new RecoverySuccess(highest), ActorRefs.NoSender);
                if (_publishPluginCommands)
                {
                    eventStream.Publish(message);
                }
            },
            ex => replyTo.Tell(new ReplayMessagesFailure(ex), ActorRefs.NoSender));
    }

    /// <summary>Deletes run on the writer's connection between its commits (see <see cref="MaintenanceRequest"/>).</summary>
    private void HandleDeleteMessagesTo(DeleteMessagesTo message)
    {
        var self = Self;
        var eventStream = Context.System.EventStream;
        var reader = _reader;
        var publish = _publishPluginCommands;
        Writer.RunMaintenance((connection, transaction) => reader.DeleteMessagesTo(connection, transaction, message.PersistenceId, message.ToSequenceNr))
            .ContinueWith(
                done =>
                {
                    if (done.IsCompletedSuccessfully)
                    {
                        message.PersistentActor.Tell(new DeleteMessagesSuccess(message.ToSequenceNr), self);
                        if (publish)
                        {
                            eventStream.Publish(message);
                        }
                    }
                    else
                    {
                        message.PersistentActor.Tell(new DeleteMessagesFailure(done.Exception?.GetBaseException() ?? new InvalidOperationException("delete failed"), message.ToSequenceNr), self);
                    }
                },
                TaskScheduler.Default);
    }

    /// <summary>On the read threads (<see cref="BlockingReads"/>): the ADO.NET calls are synchronous and must block
    /// neither the journal actor's thread nor the thread pool.</summary>
    private static void RunInBackground(Action work, Action<Exception> onError) => BlockingReads.Run(work, onError);

    private GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("Journal not started.");
}
