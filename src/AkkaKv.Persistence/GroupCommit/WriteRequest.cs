namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// The rows of one WriteMessagesAsync call waiting for the writer. Its task completes once the transaction that
/// holds them commits; continuations run asynchronously so they never delay the writer thread's next batch.
/// </summary>
internal sealed class WriteRequest(IReadOnlyList<JournalRow> rows)
{
    public IReadOnlyList<JournalRow> Rows { get; } = rows;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
