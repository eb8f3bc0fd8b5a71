using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence;

/// <summary>
/// Journal that commits the writes of all persistent actors on the node together. AsyncWriteJournal calls
/// WriteMessagesAsync for different actors without waiting for earlier calls (and resequences the replies),
/// so each call only serializes and enqueues; <see cref="GroupCommitWriter"/> turns whatever has queued up
/// into one transaction. One fsync then acknowledges hundreds of events instead of a handful.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "An actor's resources are released in PostStop, not by Dispose.")]
public sealed class GroupCommitJournal : AsyncWriteJournal
{
    private readonly PluginSettings _settings;
    private readonly PayloadSerializer _serializer;
    private readonly JournalReader _reader;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private GroupCommitWriter? _writer;

    public GroupCommitJournal(Config config)
    {
        _settings = PluginSettings.FromConfig(config);
        _serializer = new PayloadSerializer((ExtendedActorSystem)Context.System);
        _reader = new JournalReader(_settings.Dialect, _settings.ConnectionString, _serializer);
    }

    protected override void PreStart()
    {
        // Blocking here is deliberate: no replay or write may run before the tables exist.
        _settings.Dialect.EnsureJournalSchema(_settings.ConnectionString);
        _writer = new GroupCommitWriter(_settings, _log);
        base.PreStart();
    }

    protected override void PostStop()
    {
        _writer?.Dispose();
        base.PostStop();
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        var writes = messages as IReadOnlyList<AtomicWrite> ?? messages.ToList();
        var rows = new List<JournalRow>();
        Exception[]? rejections = null; // null entries = write accepted, as AsyncWriteJournal expects

        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                // Serialize the whole AtomicWrite before adding any of it: a payload that fails rejects only its own write.
                var atomic = Serialize(writes[i]);
                rows.AddRange(atomic);
            }
            catch (Exception ex)
            {
                rejections ??= new Exception[writes.Count];
                rejections[i] = ex;
            }
        }

        IImmutableList<Exception>? result = rejections is null ? null : ImmutableList.Create(rejections);
        if (rows.Count == 0)
        {
            return Task.FromResult<IImmutableList<Exception>>(result!);
        }

        return CommitThen(Writer.Enqueue(rows), result);

        static async Task<IImmutableList<Exception>> CommitThen(Task commit, IImmutableList<Exception>? result)
        {
            await commit;
            return result!; // null tells AsyncWriteJournal that every write succeeded
        }
    }

    private List<JournalRow> Serialize(AtomicWrite write)
    {
        var events = (IImmutableList<IPersistentRepresentation>)write.Payload;
        var rows = new List<JournalRow>(events.Count);
        foreach (var e in events)
        {
            rows.Add(new JournalRow(
                e.PersistenceId,
                e.SequenceNr,
                e.Timestamp > 0 ? e.Timestamp : DateTime.UtcNow.Ticks,
                e.Manifest ?? string.Empty,
                e.WriterGuid ?? string.Empty,
                _serializer.Serialize(e.Payload)));
        }

        return rows;
    }

    public override Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback) =>
        // Task.Run: the ADO.NET calls are synchronous and must not block the journal actor's thread.
        Task.Run(() => _reader.Replay(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback));

    public override Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr, CancellationToken cancellationToken) =>
        Task.Run(() => _reader.ReadHighestSequenceNr(persistenceId), cancellationToken);

    protected override Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        Task.Run(() => _reader.DeleteMessagesTo(persistenceId, toSequenceNr), cancellationToken);

    protected override bool ReceivePluginInternal(object message)
    {
        if (message is GetGroupCommitStats)
        {
            Sender.Tell(Writer.Stats);
            return true;
        }

        return base.ReceivePluginInternal(message);
    }

    private GroupCommitWriter Writer => _writer ?? throw new InvalidOperationException("Journal not started.");
}
