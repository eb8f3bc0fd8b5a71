using Akka.Actor;
using Akka.Persistence;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// The rows of one <see cref="WriteMessages"/> (a persistent actor's Persist calls) waiting for the writer, together with everything needed to answer it.
/// The writer thread answers the persistent actor itself once the transaction holding the rows has committed
/// (IActorRef.Tell is thread-safe), so no task continuation or resequencer sits on the write path.
/// </summary>
/// <remarks>
/// The replies are exactly those of Akka's AsyncWriteJournal, in the same order: WriteMessagesSuccessful (or
/// WriteMessagesFailed) first, then one reply per envelope of the message in the order of the envelopes, each with
/// the original sender of the persisted event or deferred message (the persist/defer handler sees it as Sender).
/// Because every request, including one holding no rows (only Defer loop messages, or only rejected writes), goes
/// through the single FIFO writer thread, the replies to one persistent actor keep the order of its writes, and a
/// LoopMessageSuccess is sent only after the writes before it have committed.
/// </remarks>
internal sealed class WriteMessagesRequest : WriteRequest
{
    private readonly WriteMessages _message;
    private readonly Exception?[]? _rejections; // per AtomicWrite, in order; null when none was rejected
    private readonly int _atomicWrites;
    private readonly IActorRef _journal;

    public WriteMessagesRequest(IReadOnlyList<JournalRow> rows, WriteMessages message, Exception?[]? rejections, int atomicWrites, IActorRef journal)
        : base(rows)
    {
        _message = message;
        _rejections = rejections;
        _atomicWrites = atomicWrites;
        _journal = journal;
    }

    /// <summary>The rows committed (or there were none): WriteMessagesSuccessful, then per event success or rejection, and the loop messages.</summary>
    protected override void OnSucceeded()
    {
        var target = _message.PersistentActor;
        var instanceId = _message.ActorInstanceId;
        target.Tell(WriteMessagesSuccessful.Instance, _journal);
        var atomic = 0;
        foreach (var envelope in _message.Messages)
        {
            if (envelope is AtomicWrite write)
            {
                var rejection = _rejections?[atomic];
                atomic++;
                foreach (var p in (IEnumerable<IPersistentRepresentation>)write.Payload)
                {
                    target.Tell(rejection is null ? new WriteMessageSuccess(p, instanceId) : new WriteMessageRejected(p, rejection, instanceId), p.Sender);
                }
            }
            else
            {
                target.Tell(new LoopMessageSuccess(envelope.Payload, instanceId), envelope.Sender);
            }
        }
    }

    /// <summary>
    /// Nothing of the request may be relied on as stored: WriteMessagesFailed, then WriteMessageFailure for every event
    /// (which stops the persistent actor); loop messages still get LoopMessageSuccess, as AsyncWriteJournal does.
    /// </summary>
    protected override void OnFailed(Exception cause)
    {
        var target = _message.PersistentActor;
        var instanceId = _message.ActorInstanceId;
        target.Tell(new WriteMessagesFailed(cause, _atomicWrites), _journal);
        foreach (var envelope in _message.Messages)
        {
            if (envelope is AtomicWrite write)
            {
                foreach (var p in (IEnumerable<IPersistentRepresentation>)write.Payload)
                {
                    target.Tell(new WriteMessageFailure(p, cause, instanceId), p.Sender);
                }
            }
            else
            {
                target.Tell(new LoopMessageSuccess(envelope.Payload, instanceId), envelope.Sender);
            }
        }
    }
}
