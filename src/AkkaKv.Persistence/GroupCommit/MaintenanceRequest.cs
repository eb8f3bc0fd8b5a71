using System.Data.Common;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Database work other than appending events — snapshot saves, journal and snapshot deletes — run by the
/// group-commit writer on its own connection. On SQLite, each on a connection of its own cost an fsync and a fight for
/// the database's single write lock with the writer (and made the writer reload its cached chain heads): once slots
/// began snapshotting, durable write throughput fell ~3.5x. Queued here, all the work waiting is done in one
/// transaction between the writer's commits.</summary>
internal sealed class MaintenanceRequest(Action<DbConnection, DbTransaction> work)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Completion => _done.Task;

    public void Run(DbConnection connection, DbTransaction transaction) => work(connection, transaction);

    public void Succeeded() => _done.TrySetResult();

    public void Failed(Exception cause) => _done.TrySetException(cause);
}
