namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Writes one group of requests in one transaction on the writer thread's own connection.</summary>
internal interface IJournalInserter : IDisposable
{
    /// <summary>
    /// Commits every request of the batch that is not marked with <see cref="WriteRequest.Rejection"/>, or throws,
    /// in which case nothing of the batch was committed.
    /// </summary>
    void Insert(List<WriteRequest> batch);

    /// <summary>Writes back whatever metadata the inserter holds back (SQLite's chain heads), in a transaction of its
    /// own, so that maintenance work sees it; no transaction may be open.</summary>
    void WriteBackHeads();

    /// <summary>The writer's connection, for maintenance work between batches (no transaction is open then).</summary>
    System.Data.Common.DbConnection Connection { get; }
}
