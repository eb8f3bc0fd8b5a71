namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Rows waiting for the writer thread, and whom to tell once their transaction has committed or failed. The
/// writer calls exactly one of <see cref="Succeeded"/> or <see cref="Failed"/>, on its own thread, after the commit
/// (or at once, on the caller's thread, when the writer has stopped).</summary>
internal abstract class WriteRequest(IReadOnlyList<JournalRow> rows)
{
    public IReadOnlyList<JournalRow> Rows { get; } = rows;

    /// <summary>Set by the inserter when this request alone was refused (e.g. a sequence number not above the stored one); the rest of the batch still commits.</summary>
    public Exception? Rejection { get; set; }

    // Answer once, even if the writer thread crashes halfway through a batch's answers (a bug) and then fails them all:
    // a second answer would reach a persistent actor or slot that has moved on to its next write.
    private int _answered;

    /// <summary>The rows committed (or there were none).</summary>
    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            OnSucceeded();
        }
    }

    /// <summary>Nothing of the request may be relied on as stored.</summary>
    public void Failed(Exception cause)
    {
        if (Interlocked.Exchange(ref _answered, 1) == 0)
        {
            OnFailed(cause);
        }
    }

    protected abstract void OnSucceeded();

    protected abstract void OnFailed(Exception cause);
}
