using Akka.Event;
using AkkaKv.Persistence.Sql;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// The single writer of the journal. While one transaction commits (one fsync), new requests from every actor
/// pile up in the queue; the next loop iteration takes all of them (up to maxBatchRows) into one transaction.
/// So the batch size grows with load by itself. Where a commit costs more than waiting for it (PostgreSQL: the server's
/// CPU per transaction, whatever it holds), the next batch may also wait, for at most
/// <see cref="PluginSettings.CommitLinger"/>, until it has as many requests as the last one: a batch does not shrink
/// just because its writers' next requests are a little late (they are in flight through the rest of the node). With
/// one writer (or any fixed set that all come back quickly) nothing waits longer than their return; a lone request
/// never waits; and when the load falls, a batch that waited in vain resets what the next one waits for.
/// Runs on a dedicated thread: Microsoft.Data.Sqlite's async API is synchronous anyway, and a blocked
/// thread-pool thread would starve the actors on this 2-core class of machine.
/// </summary>
internal sealed class GroupCommitWriter : IDisposable
{
    // The running writer of each database, so the snapshot store (a separate plugin actor) can hand its work to it.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, GroupCommitWriter> Running = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly Queue<WriteRequest> _queue = new();
    private readonly List<MaintenanceRequest> _maintenance = [];
    private readonly SqlDialect _dialect;
    private readonly string _connectionString;
    private readonly int _maxBatchRows;
    private readonly int _rowsPerStatement;
    private readonly ILoggingAdapter _log;
    private readonly Thread _thread;
    private bool _stopping;
    private IJournalInserter? _inserter; // touched only by the writer thread
    private long _batches;
    private long _events;
    private long _commitTicks;
    private long _lastMaintenance; // writer thread only, a Stopwatch timestamp
    private long _lastCommit; // writer thread only, a Stopwatch timestamp
    private long _maintenanceRuns;

    /// <summary>How long maintenance work may wait while writes keep the writer busy (see <see cref="MaintenanceWait"/>).</summary>
    private static readonly long MaintenanceInterval = System.Diagnostics.Stopwatch.Frequency / 5; // 200 ms

    /// <summary>How long the writer must have had nothing to commit before maintenance runs ahead of that interval.</summary>
    private static readonly long IdleGrace = System.Diagnostics.Stopwatch.Frequency / 200; // 5 ms

    private readonly long _lingerTicks;
    private int _lastBatchRequests; // writer thread only
    private int _wakeAtRequests = int.MaxValue; // under _gate: the queue length a lingering writer waits for

    public GroupCommitWriter(PluginSettings settings, ILoggingAdapter log)
    {
        _dialect = settings.Dialect;
        _connectionString = settings.ConnectionString;
        _maxBatchRows = settings.MaxBatchSize;
        _rowsPerStatement = settings.RowsPerStatement;
        _lingerTicks = (long)(settings.CommitLinger.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        _log = log;
        _thread = new Thread(Run) { IsBackground = true, Name = "akkakv-group-commit" };
        _thread.Start();
        Running[_connectionString] = this;
    }

    /// <summary>The running writer of the database at <paramref name="connectionString"/>, if any.</summary>
    public static GroupCommitWriter? Find(string connectionString) => Running.GetValueOrDefault(connectionString);

    public GroupCommitStats Stats => new(
        Interlocked.Read(ref _batches), Interlocked.Read(ref _events), TimeSpan.FromTicks(Interlocked.Read(ref _commitTicks)), Interlocked.Read(ref _maintenanceRuns));

    /// <summary>Queues a request; its replies are sent by the writer thread once it has been committed (or has failed).</summary>
    public void Enqueue(WriteRequest request)
    {
        lock (_gate)
        {
            if (!_stopping)
            {
                _queue.Enqueue(request);
                // The writer waits for the first request, or (lingering) for as many as its last batch had.
                if (_queue.Count == 1 || _queue.Count == _wakeAtRequests)
                {
                    Monitor.Pulse(_gate);
                }

                return;
            }
        }

        request.Failed(new InvalidOperationException("The group-commit journal writer is stopped."));
    }

    /// <summary>Queues maintenance work for the writer's connection; it runs after the next batch commits.</summary>
    public Task RunMaintenance(Action<System.Data.Common.DbConnection, System.Data.Common.DbTransaction> work)
    {
        var request = new MaintenanceRequest(work);
        lock (_gate)
        {
            if (!_stopping)
            {
                _maintenance.Add(request);
                if (_queue.Count == 0 && _maintenance.Count == 1)
                {
                    Monitor.Pulse(_gate);
                }

                return request.Completion;
            }
        }

        request.Failed(new InvalidOperationException("The group-commit journal writer is stopped."));
        return request.Completion;
    }

    private void Run()
    {
        var batch = new List<WriteRequest>();
        var maintenance = new List<MaintenanceRequest>();
        try
        {
            while (TakeBatch(batch, maintenance))
            {
                if (batch.Count > 0)
                {
                    Commit(batch);
                    batch.Clear();
                    _lastCommit = System.Diagnostics.Stopwatch.GetTimestamp();
                }

                if (maintenance.Count > 0 && MaintenanceDue())
                {
                    Maintain(maintenance);
                    maintenance.Clear();
                    _lastMaintenance = System.Diagnostics.Stopwatch.GetTimestamp();
                    Interlocked.Increment(ref _maintenanceRuns);
                }
            }
        }
        catch (Exception ex)
        {
            // Only a bug gets here (Commit handles database errors); fail everyone rather than hang them.
            _log.Error(ex, "Group-commit writer thread crashed");
            FailAll(batch, ex);
            List<WriteRequest> queued;
            lock (_gate)
            {
                _stopping = true;
                queued = [.. _queue];
                _queue.Clear();
                maintenance.AddRange(_maintenance);
                _maintenance.Clear();
            }

            FailAll(queued, ex);
            foreach (var request in maintenance)
            {
                request.Failed(ex);
            }
        }
        finally
        {
            DisposeInserter();
        }
    }

    /// <summary>Whether the maintenance work gathered so far runs now (see <see cref="MaintenanceWait"/>).</summary>
    private bool MaintenanceDue()
    {
        lock (_gate)
        {
            return MaintenanceWait() == 0;
        }
    }

    /// <summary>Under <see cref="_gate"/>: how long (Stopwatch ticks) the maintenance work gathered so far waits still; 0
    /// when it runs now. Each maintenance run is a transaction, so a commit (an fsync) of its own: run after every group
    /// commit while slots snapshot (~100 saves/s at 100k writes/s), it held durable writes at ~55-70k/s against ~100k/s
    /// with snapshots off. So under load it waits for <see cref="MaintenanceInterval"/> and one run carries the saves of
    /// many slots. A writer with nothing to commit runs it once it has been idle for <see cref="IdleGrace"/>: not the
    /// moment its queue is empty, which under unpipelined load is after nearly every commit (the next writes are on
    /// their way back from the clients) and made 130-170 maintenance commits a second at ~35k writes/s.</summary>
    private long MaintenanceWait()
    {
        if (_stopping)
        {
            return 0;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        var untilInterval = MaintenanceInterval - (now - _lastMaintenance);
        var untilIdle = _queue.Count == 0 ? IdleGrace - (now - _lastCommit) : long.MaxValue;
        return Math.Max(0, Math.Min(untilInterval, untilIdle));
    }

    /// <summary>Blocks until there is work; returns false once stopping and drained.</summary>
    private bool TakeBatch(List<WriteRequest> batch, List<MaintenanceRequest> maintenance)
    {
        lock (_gate)
        {
            maintenance.AddRange(_maintenance);
            _maintenance.Clear();
            while (_queue.Count == 0)
            {
                if (maintenance.Count == 0)
                {
                    if (_stopping)
                    {
                        return false;
                    }

                    Monitor.Wait(_gate);
                }
                else if (MaintenanceWait() is var wait and > 0)
                {
                    // Whole milliseconds (Monitor.Wait truncates a shorter timeout to 0, which would spin).
                    Monitor.Wait(_gate, (int)Math.Ceiling(wait * 1000.0 / System.Diagnostics.Stopwatch.Frequency));
                }
                else
                {
                    break;
                }

                maintenance.AddRange(_maintenance);
                _maintenance.Clear();
            }

            Linger();

            // A request (one AtomicWrite set) is never split across transactions, so one larger than maxBatchRows still goes whole.
            var rows = 0;
            while (_queue.Count > 0 && (batch.Count == 0 || rows + _queue.Peek().Rows.Count <= _maxBatchRows))
            {
                var request = _queue.Dequeue();
                rows += request.Rows.Count;
                batch.Add(request);
            }

            if (batch.Count > 0)
            {
                _lastBatchRequests = batch.Count;
            }

            return true;
        }
    }

    /// <summary>Called under <see cref="_gate"/> with at least one request queued: waits (the lock released meanwhile)
    /// until the queue holds as many requests as the last batch did, the linger is over, or the writer stops.</summary>
    private void Linger()
    {
        if (_lingerTicks == 0 || _queue.Count == 0 || _queue.Count >= _lastBatchRequests)
        {
            return;
        }

        var until = System.Diagnostics.Stopwatch.GetTimestamp() + _lingerTicks;
        _wakeAtRequests = _lastBatchRequests;
        while (!_stopping && _queue.Count < _wakeAtRequests)
        {
            var left = until - System.Diagnostics.Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                break;
            }

            // Whole milliseconds (Monitor.Wait truncates a shorter timeout to 0, which would spin).
            Monitor.Wait(_gate, (int)Math.Ceiling(left * 1000.0 / System.Diagnostics.Stopwatch.Frequency));
        }

        _wakeAtRequests = int.MaxValue;
    }

    private void Commit(List<WriteRequest> batch)
    {
        var rows = 0;
        foreach (var request in batch)
        {
            // In order, so a refusal passes down a chain of requests queued one after another in this batch.
            if (request.FollowsAFailure)
            {
                request.Rejection ??= new InvalidOperationException("An earlier write of this persistence id failed; this one followed it.");
            }

            rows += request.Rows.Count;
        }

        // A batch of requests without rows (only Defer loop messages or rejected writes) needs no transaction, but
        // still goes through the queue: its replies must follow those of the requests queued before it.
        if (rows > 0)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                _inserter ??= _dialect.CreateInserter(_connectionString, _rowsPerStatement);
                _inserter.Insert(batch);
            }
            catch (Exception ex)
            {
                _log.Error(ex, "Group commit of {0} write requests failed; all of them are reported as failed", batch.Count);
                // The connection may be broken or mid-transaction; start the next batch on a fresh one.
                DisposeInserter();
                FailAll(batch, ex);
                return;
            }

            Interlocked.Add(ref _commitTicks, System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks);
        }

        var events = 0;
        foreach (var request in batch)
        {
            if (request.Rejection is { } rejection)
            {
                request.Failed(rejection);
            }
            else
            {
                events += request.Rows.Count;
                request.Succeeded();
            }
        }

        if (rows > 0)
        {
            Interlocked.Increment(ref _batches);
            Interlocked.Add(ref _events, events);

            // The callbacks above woke the threads that send this commit's replies. Left alone, the writer keeps its
            // CPU into the next batch's insert until that batch's fsync blocks it, and on a small machine the woken
            // threads wait for it: `perf sched` measured them 0.28 ms from wake-up to running on average, at P1 a
            // good part of the time a request spends outside its commit. Yielding here lets them run first (0.2 ms):
            // the clients answer sooner and the next commit carries more of their requests. Store-mode SETs
            // (bench/ab-store.sh, ten alternating pairs): +10% at P1, +12% at P16, medians. A no-op when no other
            // thread waits for this CPU. (Connections yielding after handing off their writes measured worse.)
            Thread.Yield();
        }
    }

    /// <summary>Runs all the maintenance work taken in one transaction; a failing piece fails alone (its statements are
    /// rolled back to a savepoint), the rest commit.</summary>
    private void Maintain(List<MaintenanceRequest> work)
    {
        try
        {
            _inserter ??= _dialect.CreateInserter(_connectionString, _rowsPerStatement);
            var connection = _inserter.Connection;
            using var transaction = connection.BeginTransaction();
            var failed = new Dictionary<MaintenanceRequest, Exception>();
            foreach (var request in work)
            {
                transaction.Save("maintenance");
                try
                {
                    request.Run(connection, transaction);
                    transaction.Release("maintenance");
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
                {
                    transaction.Rollback("maintenance");
                    failed[request] = ex;
                }
            }

            transaction.Commit();
            foreach (var request in work)
            {
                if (failed.TryGetValue(request, out var cause))
                {
                    request.Failed(cause);
                }
                else
                {
                    request.Succeeded();
                }
            }

            _inserter.Compact();
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            _log.Error(ex, "Journal maintenance ({0} requests) failed", work.Count);
            DisposeInserter();
            foreach (var request in work)
            {
                request.Failed(ex);
            }
        }
    }

    private static void FailAll(IEnumerable<WriteRequest> requests, Exception ex)
    {
        foreach (var request in requests)
        {
            request.Failed(ex);
        }
    }

    private void DisposeInserter()
    {
        try
        {
            _inserter?.Dispose();
        }
        catch (Exception ex)
        {
            _log.Warning("Closing the journal writer connection failed: {0}", ex);
        }

        _inserter = null;
    }

    /// <summary>Stops taking new writes, lets the writer commit what is queued, then waits for it to exit.</summary>
    public void Dispose()
    {
        Running.TryRemove(new KeyValuePair<string, GroupCommitWriter>(_connectionString, this));
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        if (!_thread.Join(TimeSpan.FromSeconds(30)))
        {
            _log.Warning("Group-commit writer did not finish its queued writes within 30 s of shutdown");
        }
    }
}
