namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Events written through <see cref="DirectJournal.Append"/>: the writer tells the callback, on its own thread.</summary>
internal sealed class AppendRequest(IReadOnlyList<JournalRow> rows, IAppendCallback callback, WriteRequest? after = null)
    : WriteRequest(rows, after)
{
    protected override void OnSucceeded() => callback.Committed();

    // A rejection is decided before the insert (a sequence number not above the stored one, or an earlier request of
    // the same id that failed): nothing of it was written.
    // Any other failure may have been a lost COMMIT reply.
    protected override void OnFailed(Exception cause) => callback.Failed(cause, mayHaveCommitted: !ReferenceEquals(cause, Rejection));
}
