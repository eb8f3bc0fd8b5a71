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
        var runs = await MaintenanceRunsFor100PiecesAsync(writer);
        await stop.CancelAsync();
        await Task.WhenAll(chains.Select(c => c.Stopped)).WaitAsync(Wait);

        Assert.All(chains, chain => Assert.True(chain.Committed > 10, $"{chain.Committed} appends committed"));
        // Run after every group commit, that was ~100 transactions (an fsync each); gathered, a few per 200 ms.
        Assert.InRange(runs, 1, 30);
        Assert.All(chains, chain => Assert.Null(chain.Failure));
    }

    [Fact]
    public async Task Maintenance_queued_while_appends_come_one_at_a_time_is_gathered_too()
    {
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement);
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);

        // One chain whose next append comes ~1 ms after each commit, as an unpipelined client's next write does: the
        // writer's queue is empty for a moment after nearly every commit, though it is never idle for long.
        using var stop = new CancellationTokenSource();
        var chain = new AppendChain(writer, "pid-0", stop.Token, pause: TimeSpan.FromMilliseconds(1));
        chain.Next();

        var runs = await MaintenanceRunsFor100PiecesAsync(writer);
        await stop.CancelAsync();
        await chain.Stopped.WaitAsync(Wait);

        Assert.True(chain.Committed > 10, $"{chain.Committed} appends committed");
        Assert.Null(chain.Failure);
        // Run whenever the queue was empty, that was one transaction (an fsync) per piece: ~100.
        Assert.InRange(runs, 1, 30);
    }

    [Fact]
    public async Task Maintenance_runs_soon_when_no_write_is_waiting()
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
        // Held back by the 200 ms interval under load, 20 runs would take at least 3.8 s; idle, each waits out the 5 ms
        // grace and is one small transaction (an fsync: ~0.4 ms here, tens of ms on a busy machine).
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(3), $"20 idle maintenance runs took {started.Elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task With_a_linger_a_batch_waits_for_as_many_requests_as_the_last_one_had_and_a_lone_request_does_not_wait()
    {
        var linger = TimeSpan.FromMilliseconds(400);
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement) { CommitLinger = linger };
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);

        // A batch of 4: the writer is held in a piece of maintenance while they queue.
        using (var hold = new ManualResetEventSlim())
        {
            var held = writer.RunMaintenance((connection, transaction) => hold.Wait(Wait));
            await Task.Delay(50);
            var four = Enumerable.Range(0, 4).Select(i => Append(writer, $"a-{i}", 1)).ToList();
            hold.Set();
            await held.WaitAsync(Wait);
            await Task.WhenAll(four).WaitAsync(Wait);
        }

        var batches = writer.Stats.Batches;
        Assert.Equal(1, batches);

        // The next one waits for three more, which come 100 ms later: one batch of 4 again.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = Append(writer, "a-0", 2);
        await Task.Delay(100);
        var rest = Enumerable.Range(1, 3).Select(i => Append(writer, $"a-{i}", 2)).ToList();
        var firstDoneMs = await first.WaitAsync(Wait).ContinueWith(_ => clock.ElapsedMilliseconds);
        await Task.WhenAll(rest).WaitAsync(Wait);
        Assert.Equal(batches + 1, writer.Stats.Batches);
        Assert.True(firstDoneMs >= 90, $"the first of the next four committed after {firstDoneMs} ms, before the others came");

        // One alone now waits in vain, for the whole linger; after that a lone request goes at once.
        clock.Restart();
        await Append(writer, "a-0", 3).WaitAsync(Wait);
        var vainMs = clock.ElapsedMilliseconds;
        clock.Restart();
        for (var seq = 4; seq < 14; seq++)
        {
            await Append(writer, "a-0", seq).WaitAsync(Wait);
        }

        var loneMs = clock.ElapsedMilliseconds;
        Assert.True(vainMs >= 350, $"a lone request after a batch of 4 committed after {vainMs} ms (linger 400 ms)");
        Assert.True(loneMs < 2000, $"10 lone requests in a row took {loneMs} ms: they waited (10 lingers would be 4,000 ms)");
        Assert.Equal(batches + 12, writer.Stats.Batches);
    }

    [Fact]
    public async Task An_append_queued_after_one_that_is_refused_is_refused_too_in_the_same_batch_and_in_a_later_one()
    {
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement);
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);
        await Append(writer, "p", 1).WaitAsync(Wait);

        // One batch (the writer is held while they queue): a duplicate of 1, then 2 decided after it, and another id.
        Task duplicate, follower, other;
        using (var hold = new ManualResetEventSlim())
        {
            var held = writer.RunMaintenance((connection, transaction) => hold.Wait(Wait));
            await Task.Delay(50);
            var (refused, request) = Queue(writer, "p", 1, after: null);
            duplicate = refused;
            follower = Queue(writer, "p", 2, after: request).Done;
            other = Append(writer, "q", 1);
            hold.Set();
            await held.WaitAsync(Wait);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => duplicate.WaitAsync(Wait));
        var inBatch = await Assert.ThrowsAsync<InvalidOperationException>(() => follower.WaitAsync(Wait));
        Assert.Contains("followed it", inBatch.Message, StringComparison.Ordinal);
        await other.WaitAsync(Wait);

        // A later batch: the one it followed failed in an earlier batch.
        var (late, lateRequest) = Queue(writer, "p", 1, after: null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => late.WaitAsync(Wait));
        var nextBatch = await Assert.ThrowsAsync<InvalidOperationException>(() => Queue(writer, "p", 2, after: lateRequest).Done.WaitAsync(Wait));
        Assert.Contains("followed it", nextBatch.Message, StringComparison.Ordinal);

        // Neither follower was written: 2 is still free for an append that follows nothing.
        await Append(writer, "p", 2).WaitAsync(Wait);
    }

    [Fact]
    public async Task An_answered_append_lets_go_of_the_one_it_followed_so_a_busy_id_builds_no_chain()
    {
        var settings = new PluginSettings(DatabaseProvider.Sqlite, _database.Options.ConnectionString, PluginSettings.DefaultMaxBatchSize, PluginSettings.DefaultRowsPerStatement);
        settings.Dialect.EnsureJournalSchema(settings.ConnectionString);
        using var writer = new GroupCommitWriter(settings, Akka.Event.NoLogger.Instance);

        Task first, second;
        WriteRequest secondRequest;
        using (var hold = new ManualResetEventSlim())
        {
            var held = writer.RunMaintenance((connection, transaction) => hold.Wait(Wait));
            await Task.Delay(50);
            (first, var firstRequest) = Queue(writer, "p", 1, after: null);
            (second, secondRequest) = Queue(writer, "p", 2, after: firstRequest);
            Assert.Same(firstRequest, secondRequest.After);
            hold.Set();
            await held.WaitAsync(Wait);
        }

        await Task.WhenAll(first, second).WaitAsync(Wait);
        Assert.Null(secondRequest.After);
    }

    [Fact]
    public void The_linger_is_1_ms_for_PostgreSQL_none_for_SQLite_and_can_be_set()
    {
        static PluginSettings Parse(string hocon) => PluginSettings.FromConfig(Akka.Configuration.ConfigurationFactory.ParseString(hocon));

        Assert.Equal(TimeSpan.FromMilliseconds(1), Parse("provider = postgresql\nconnection-string = \"Host=x\"").CommitLinger);
        Assert.Equal(TimeSpan.Zero, Parse("provider = sqlite\nconnection-string = \"Data Source=x\"").CommitLinger);
        Assert.Equal(TimeSpan.FromMilliseconds(3), Parse("provider = postgresql\nconnection-string = \"Host=x\"\ncommit-linger = 3ms").CommitLinger);
        Assert.Throws<Akka.Configuration.ConfigurationException>(() => Parse("provider = sqlite\nconnection-string = \"Data Source=x\"\ncommit-linger = 5s"));
    }

    private static Task Append(GroupCommitWriter writer, string persistenceId, long sequenceNr) =>
        Queue(writer, persistenceId, sequenceNr, after: null).Done;

    private static (Task Done, WriteRequest Request) Queue(GroupCommitWriter writer, string persistenceId, long sequenceNr, WriteRequest? after)
    {
        var done = new Completion();
        var row = new JournalRow(persistenceId, sequenceNr, DateTime.UtcNow.Ticks, string.Empty, "test", new SerializedPayload(1, string.Empty, [1, 2, 3]));
        var request = new AppendRequest([row], done, after);
        writer.Enqueue(request);
        return (done.Task, request);
    }

    /// <summary>An append's outcome as a task.</summary>
    private sealed class Completion : IAppendCallback
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        void IAppendCallback.Committed() => _done.TrySetResult();

        void IAppendCallback.Failed(Exception cause, bool mayHaveCommitted) => _done.TrySetException(cause);
    }

    /// <summary>Queues 100 empty pieces of maintenance ~5 ms apart; returns how many transactions ran them, once all have.</summary>
    private static async Task<long> MaintenanceRunsFor100PiecesAsync(GroupCommitWriter writer)
    {
        var maintenance = new List<Task>();
        var runsBefore = writer.Stats.MaintenanceRuns;
        for (var i = 0; i < 100; i++)
        {
            maintenance.Add(writer.RunMaintenance((connection, transaction) => { }));
            await Task.Delay(5);
        }

        await Task.WhenAll(maintenance).WaitAsync(Wait);
        return writer.Stats.MaintenanceRuns - runsBefore;
    }

    /// <summary>Appends one event at a time for one persistence id, the next once the last one committed (at once, or
    /// after <paramref name="pause"/>).</summary>
    private sealed class AppendChain(GroupCommitWriter writer, string persistenceId, CancellationToken stop, TimeSpan pause = default) : IAppendCallback
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
            if (pause > TimeSpan.Zero)
            {
                // Thread.Sleep, not Task.Delay: the timer queue's coarser ticks would sometimes leave the writer idle.
                ThreadPool.UnsafeQueueUserWorkItem(_ => { Thread.Sleep(pause); Next(); }, null);
            }
            else
            {
                Next();
            }
        }

        void IAppendCallback.Failed(Exception cause, bool mayHaveCommitted)
        {
            Failure = cause;
            _stopped.TrySetResult();
        }
    }
}
