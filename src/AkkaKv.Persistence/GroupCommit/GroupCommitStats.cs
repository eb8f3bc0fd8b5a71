namespace AkkaKv.Persistence.GroupCommit;

/// <summary>Ask the journal actor for this to see how well writes are being grouped (bench, diagnostics).</summary>
public sealed class GetGroupCommitStats
{
    public static readonly GetGroupCommitStats Instance = new();

    private GetGroupCommitStats()
    {
    }
}

/// <summary>Committed transactions, their events, and the time the writer spent inside them since the journal started;
/// and the maintenance transactions (snapshot saves, deletes, compaction) run between them.</summary>
public sealed record GroupCommitStats(long Batches, long Events, TimeSpan CommitTime, long MaintenanceRuns = 0)
{
    public double AverageBatchSize => Batches == 0 ? 0 : (double)Events / Batches;
}
