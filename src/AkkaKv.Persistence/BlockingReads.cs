using System.Collections.Concurrent;

namespace AkkaKv.Persistence;

/// <summary>
/// Runs the plugins' synchronous database reads (journal replays, snapshot loads), and the snapshot store's writes when
/// no journal writer runs, on a few threads of their own.
/// On the thread pool, every persistent actor that recovers blocks a pool thread for its queries; a node recovering its
/// 1,024 slots at once, or a test recovering 200 actors, exhausts the pool, which adds threads only about once a second:
/// everything else on the pool (actors, Kestrel, other plugins' tasks) then stalls, for tens of seconds in the
/// Persistence tests (a snapshot save timed out after 20 s while another test's actors recovered).
/// </summary>
internal static class BlockingReads
{
    /// <summary>Reads in parallel: enough to overlap PostgreSQL round trips, few enough to leave the cores to the rest.</summary>
    private const int Threads = 4;

    private static readonly BlockingCollection<(Action Work, Action<Exception> Failed)> Queue = Start();

    /// <summary>Queues <paramref name="work"/>; <paramref name="failed"/> gets what it throws.</summary>
    public static void Run(Action work, Action<Exception> failed) => Queue.Add((work, failed));

    /// <summary>Queues <paramref name="read"/>; the task completes (on the thread pool) with its result.</summary>
    public static Task<T> Run<T>(Func<T> read)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Run(() => result.SetResult(read()), e => result.SetException(e));
        return result.Task;
    }

    private static BlockingCollection<(Action, Action<Exception>)> Start()
    {
        var queue = new BlockingCollection<(Action, Action<Exception>)>();
        for (var i = 0; i < Threads; i++)
        {
            new Thread(() =>
            {
                foreach (var (work, failed) in queue.GetConsumingEnumerable())
                {
                    try
                    {
                        work();
                    }
                    catch (Exception e)
                    {
                        failed(e);
                    }
                }
            })
            { IsBackground = true, Name = "akkakv-journal-read" }.Start();
        }

        return queue;
    }
}
