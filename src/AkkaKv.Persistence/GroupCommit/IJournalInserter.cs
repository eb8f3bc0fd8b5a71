namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Writes one group of requests in one transaction on the writer thread's own connection.</summary>
internal interface IJournalInserter : IDisposable
{
    /// <summary>
    /// Commits every request of the batch that is not marked with <see cref="WriteRequest.Rejection"/> (before the call,
    /// or by the inserter itself, which then also refuses the requests that follow it), or throws, in which case
    /// nothing of the batch was committed.
    /// </summary>
    void Insert(List<WriteRequest> batch);

    /// <summary>Removes what deletes have left behind (SQLite's dead blocks), in a transaction of its own, after
    /// maintenance work; no transaction may be open.</summary>
    void Compact();

    /// <summary>The writer's connection, for maintenance work between batches (no transaction is open then).</summary>
    System.Data.Common.DbConnection Connection { get; }
}
