namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// The rows of one WriteMessagesAsync call waiting for the writer. Its task completes once the transaction that
/// holds them commits; continuations run asynchronously so they never delay the writer thread's next batch.
/// </summary>
internal sealed class WriteRequest(IReadOnlyList<JournalRow> rows)
{
    public IReadOnlyList<JournalRow> Rows { get; } = rows;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set by the inserter when this request alone was refused (e.g. a sequence number not above the stored one); the rest of the batch still commits.</summary>
    public Exception? Rejection { get; set; }
}
