using AkkaKv.Persistence.GroupCommit;

namespace AkkaKv.Persistence.Tests;

/// <summary>The writer thread on its own, with the real SQLite file: how maintenance work shares it with appends.</summary>
public sealed class GroupCommitWriterTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Maintenance_queued_under_a_steady_stream_of_appends_runs_in_few_transactions_and_all_of_it_completes()
    {
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement);
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);

        // 8 chains of appends: each commit enqueues the chain's next append, so writes are always waiting.
        using var stop = new CancellationTokenSource();
        var chains = Enumerable.Range(0, 8).Select(i => new AppendChain(writer, $"pid-{i}", stop.Token)).ToList();
        chains.ForEach(chain => chain.Next());

        // Meanwhile 100 pieces of maintenance arrive, one every ~5 ms, each alone in the queue when it arrives.
        var maintenance = new List<Task>();
        var runsBefore = writer.Stats.MaintenanceRuns;
        for (var i = 0; i < 100; i++)
        {
            maintenance.Add(writer.RunMaintenance((connection, transaction) => { }));
            await Task.Delay(5);
        }

        await Task.WhenAll(maintenance).WaitAsync(Wait);
        var runs = writer.Stats.MaintenanceRuns - runsBefore;
        await stop.CancelAsync();
        await Task.WhenAll(chains.Select(c => c.Stopped)).WaitAsync(Wait);

        Assert.All(chains, chain => Assert.True(chain.Committed > 10, $"{chain.Committed} appends committed"));
        // Run after every group commit, that was ~100 transactions (an fsync each); gathered, a few per 200 ms.
        Assert.InRange(runs, 1, 30);
        Assert.All(chains, chain => Assert.Null(chain.Failure));
    }

    [Fact]
    public async Task Maintenance_runs_at_once_when_no_write_is_waiting()
    {
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement);
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);

        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 20; i++)
        {
            await writer.RunMaintenance((connection, transaction) => { }).WaitAsync(Wait);
        }

        Assert.Equal(20, writer.Stats.MaintenanceRuns);
        // Held back by the 200 ms interval under load, 20 runs would take at least 3.8 s; idle, each is one small
        // transaction (an fsync: ~0.4 ms here, tens of ms on a busy machine).
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"20 idle maintenance runs took {started.Elapsed.TotalMilliseconds:F0} ms");
    }

    /// <summary>Appends one event at a time for one persistence id, the next as soon as the last one committed.</summary>
    private sealed class AppendChain(GroupCommitWriter writer, string persistenceId, CancellationToken stop) : IAppendCallback
    {
        private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _sequenceNr;

        public long Committed { get; private set; }

        public Exception? Failure { get; private set; }

        public Task Stopped => _stopped.Task;

        public void Next()
        {
            if (stop.IsCancellationRequested)
            {
                _stopped.TrySetResult();
                return;
            }

            var row = new JournalRow(persistenceId, ++_sequenceNr, DateTime.UtcNow.Ticks, string.Empty, "test", new SerializedPayload(1, string.Empty, [1, 2, 3]));
            writer.Enqueue(new AppendRequest([row], this));
        }

        void IAppendCallback.Committed()
        {
            Committed++;
            Next();
        }

        void IAppendCallback.Failed(Exception cause, bool mayHaveCommitted)
        {
            Failure = cause;
            _stopped.TrySetResult();
        }
    }
}
