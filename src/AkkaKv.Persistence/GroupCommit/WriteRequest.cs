namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Rows waiting for the writer thread, and whom to tell once their transaction has committed or failed. The
/// writer calls exactly one of <see cref="Succeeded"/> or <see cref="Failed"/>, on its own thread, after the commit
/// (or at once, on the caller's thread, when the writer has stopped).</summary>
internal abstract class WriteRequest(IReadOnlyList<JournalRow> rows, WriteRequest? after = null)
{
    public IReadOnlyList<JournalRow> Rows { get; } = rows;

    /// <summary>The request of the same persistence id queued just before this one, whose events this one's were decided
    /// after: if that one is refused or fails, this one is refused (its sequence numbers would follow a gap). Dropped
    /// once this one is answered, so a busy id's requests do not hold each other in a chain back to the first.</summary>
    public WriteRequest? After { get; private set; } = after;

    /// <summary>Answered with a failure (or a rejection).</summary>
    public bool HasFailed => Volatile.Read(ref _failed);

    /// <summary>Whether <see cref="After"/> is refused or has failed, so this request must be refused too.</summary>
    public bool FollowsAFailure => After is { } before && (before.Rejection is not null || before.HasFailed);

    /// <summary>Set by the inserter when this request alone was refused (e.g. a sequence number not above the stored one); the rest of the batch still commits.</summary>
    public Exception? Rejection { get; set; }

    // Answer once, even if the writer thread crashes halfway through a batch's answers (a bug) and then fails them all:
    // a second answer would reach a persistent actor or slot that has moved on to its next write.
    private int _answered;
    private bool _failed;

    /// <summary>The rows committed (or there were none).</summary>
    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            After = null;
            OnSucceeded();
        }
    }

    /// <summary>Nothing of the request may be relied on as stored.</summary>
    public void Failed(Exception cause)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            Volatile.Write(ref _failed, true);
            After = null;
            OnFailed(cause);
        }
    }

    protected abstract void OnSucceeded();

    protected abstract void OnFailed(Exception cause);
}
