using System.Diagnostics;
using AkkaKv.Resp.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AkkaKv.Resp.Tests.Transport;

/// <summary>Connections that waited for replies from elsewhere resume on their epoll loop's thread: a scheduled resume
/// runs there, wakes the thread from its wait, runs exactly once, and still runs once the loop has stopped.</summary>
public sealed class EpollLoopScheduleTests : IDisposable
{
    private const string LoopName = "resp-loop-under-test";
    private readonly EpollLoop _loop = new(LoopName, helper: false, new RespEndpoint(), NullLogger.Instance);

    public void Dispose() => _loop.Stop();

    [Fact]
    public void Work_runs_on_the_loop_thread_and_wakes_it_from_its_wait()
    {
        // Each round schedules one item onto a loop that is asleep in epoll_wait: without the eventfd's wake-up it
        // would run only when the wait times out (every 200 ms), so 100 rounds would take ~20 s, not well under 5.
        var threads = new List<string?>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 100; i++)
        {
            Thread.Sleep(1);
            using var ran = new ManualResetEventSlim();
            _loop.Schedule(new Work(() =>
            {
                threads.Add(Thread.CurrentThread.Name);
                ran.Set();
            }));
            Assert.True(ran.Wait(TimeSpan.FromSeconds(5)), $"round {i}: the scheduled work never ran");
        }

        Assert.All(threads, name => Assert.Equal(LoopName, name));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"100 wake-ups took {clock.Elapsed}");
    }

    [Fact]
    public async Task Work_scheduled_from_many_threads_at_once_runs_exactly_once_each()
    {
        const int PerThread = 20_000;
        var runs = new int[4 * PerThread];
        var done = new CountdownEvent(runs.Length);
        var schedulers = Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                var index = (t * PerThread) + i;
                _loop.Schedule(new Work(() =>
                {
                    Interlocked.Increment(ref runs[index]);
                    done.Signal();
                }));
            }
        }));
        await Task.WhenAll(schedulers);

        Assert.True(done.Wait(TimeSpan.FromSeconds(20)), $"{done.CurrentCount} of {runs.Length} never ran");
        Assert.All(runs, count => Assert.Equal(1, count));
        done.Dispose();
    }

    [Fact]
    public void Work_scheduled_after_the_loop_stopped_runs_on_the_thread_pool()
    {
        _loop.Stop();
        Thread.Sleep(500); // the loop thread sees the stop within 200 ms and ends

        using var ran = new ManualResetEventSlim();
        var onPool = false;
        _loop.Schedule(new Work(() =>
        {
            onPool = Thread.CurrentThread.IsThreadPoolThread;
            ran.Set();
        }));

        Assert.True(ran.Wait(TimeSpan.FromSeconds(5)), "work scheduled on a stopped loop was lost");
        Assert.True(onPool);
    }

    private sealed class Work(Action action) : IThreadPoolWorkItem
    {
        public void Execute() => action();
    }
}
