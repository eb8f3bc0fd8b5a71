using System.Collections.Concurrent;
using Akka.Actor;
using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence;

/// <summary>
/// A way into a running <see cref="GroupCommitJournal"/>'s writer that skips Akka.Persistence's journal protocol, for a
/// persistent actor that decides writes on other threads than its own. Persist costs, per write, a WriteMessages to the
/// journal actor, a WriteMessagesSuccessful and a WriteMessageSuccess back, and Eventsourced's bookkeeping around them;
/// for a slot whose batches hold one or two events, that was most of the CPU of a durable write. Here the events are
/// serialized on the caller's thread and queued for the same group commit; the callback runs on the writer thread.
/// </summary>
/// <remarks>
/// The rows are exactly those Persist would have written (same table, serializer, manifest), so recovery, snapshots and
/// deletes work unchanged through the journal actor. The caller owns the sequence numbers: it must continue from the
/// highest one its recovery saw, and must not also Persist. A sequence number not above the stored one is refused, as
/// the journal refuses it from Persist.
/// </remarks>
public sealed class DirectJournal
{
    private static readonly ConcurrentDictionary<IActorRef, DirectJournal> Running = new();

    private readonly GroupCommitWriter _writer;
    private readonly PayloadSerializer _serializer;

    private DirectJournal(GroupCommitWriter writer, PayloadSerializer serializer)
    {
        _writer = writer;
        _serializer = serializer;
    }

    /// <summary>The direct way into the journal actor <paramref name="journal"/>, or null when it is not a running
    /// <see cref="GroupCommitJournal"/>.</summary>
    public static DirectJournal? Of(IActorRef journal) => Running.GetValueOrDefault(journal);

    internal static void Register(IActorRef journal, GroupCommitWriter writer, PayloadSerializer serializer) =>
        Running[journal] = new DirectJournal(writer, serializer);

    internal static void Unregister(IActorRef journal) => Running.TryRemove(journal, out _);

    /// <summary>Queues <paramref name="events"/> as sequence numbers <paramref name="firstSequenceNr"/>, +1, … of
    /// <paramref name="persistenceId"/>, all in one transaction. Throws, having queued nothing, when an event cannot be
    /// serialized. <paramref name="after"/> is the append of the same id still queued before this one, if any: this one
    /// is then refused (nothing written) unless that one commits, so a failure never leaves a gap.</summary>
    public QueuedAppend Append(
        string persistenceId, long firstSequenceNr, IReadOnlyList<object> events, string writerUuid, IAppendCallback callback, QueuedAppend? after = null)
    {
        var rows = new JournalRow[events.Count];
        var now = DateTime.UtcNow.Ticks;
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = new JournalRow(persistenceId, firstSequenceNr + i, now, string.Empty, writerUuid, _serializer.Serialize(events[i]));
        }

        var request = new AppendRequest(rows, callback, after?.Request);
        _writer.Enqueue(request);
        return new QueuedAppend(request);
    }
}

/// <summary>An append handed to <see cref="DirectJournal.Append"/>, for a later append of the same id to follow.</summary>
public sealed class QueuedAppend
{
    internal QueuedAppend(AppendRequest request)
    {
        Request = request;
    }

    internal AppendRequest Request { get; }
}
