using System.Collections.Concurrent;
using AkkaKv.Resp.Execution;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace AkkaKv.Resp.Transport;

/// <summary>One thread waiting on an epoll set of RESP sockets, the way Redis's event loop does: it receives once from
/// each socket that is ready, then each connection runs the commands received and sends their replies on this thread.
/// Kestrel's socket transport costs two receives per request (the one with the data and one that finds nothing more
/// before it waits again) and a hop between its own threads; this costs one. Under deep pipelines a helper thread shares
/// out a wait's sockets with it (see <see cref="SplitBytes"/>). Connections waiting for replies from elsewhere (a store-mode
/// group commit) resume here too, queued by <see cref="Schedule"/> and run after the sockets of each wait.</summary>
#pragma warning disable CA1001 // Its threads own the wait handles and the eventfd and dispose of them when they end (on Stop).
internal sealed class EpollLoop : IResumeScheduler
#pragma warning restore CA1001
{
    /// <summary>How often the thread looks at whether it should stop (an epoll wait cannot be cancelled otherwise).</summary>
    private const int StopCheckMs = 200;

    /// <summary>Bytes received in one wait from which the helper serves some of its sockets too. With 50
    /// clients sending one command at a time a wait receives ~0.5 KB (~10 sockets) and one thread does best, as for
    /// Redis (a second one would only add wake-ups); with pipelines of 16 it receives ~25 KB (~35 sockets of 16
    /// commands each), and one thread is the limit.</summary>
    private const int SplitBytes = 8 * 1024;

    /// <summary>Sockets taken from one wait (the rest stay ready for the next).</summary>
    private const int MaxEvents = 128;

    /// <summary>The epoll data of <see cref="_wake"/>'s events (connection ids start at 1).</summary>
    private const long WakeId = 0;

    private readonly int _epoll = EpollNative.Create();
    private readonly SafeFileHandle _wake = new(EpollNative.CreateEvent(), ownsHandle: true);
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _resumes = new();
    private readonly ConcurrentDictionary<long, EpollConnection> _connections = new();
    private readonly EpollNative.Event[] _events = new EpollNative.Event[MaxEvents];
    private readonly EpollConnection?[] _ready = new EpollConnection?[MaxEvents];
    private readonly RespEndpoint _endpoint;
    private readonly ILogger _log;
    private readonly Thread? _helper;
    private readonly SemaphoreSlim _helperStart = new(0);
    private readonly ManualResetEventSlim _helperDone = new();
    private const int HelperIdle = 0;
    private const int HelperSignalled = 1;
    private const int HelperRunning = 2;
    private int _helperState;
    private int _asleep; // 1 from just before the thread waits until it wakes: whoever schedules then signals _wake
    private int _shared; // sockets of _ready the two threads share out (DeliverWithHelper)
    private int _nextShared;
    private volatile bool _stopping;
    private long _nextId;

    /// <param name="helper">Whether a second thread may take half of a busy wait's sockets.</param>
    public EpollLoop(string name, bool helper, RespEndpoint endpoint, ILogger log)
    {
        _endpoint = endpoint;
        _log = log;
        if (!EpollNative.Control(_epoll, EpollNative.CtlAdd, (int)_wake.DangerousGetHandle(), EpollNative.In, WakeId))
        {
            throw new IOException("epoll_ctl(ADD) failed for the RESP loop's eventfd");
        }

        if (helper)
        {
            _helper = new Thread(RunHelper) { IsBackground = true, Name = $"{name}-helper" };
            _helper.Start();
        }

        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>The id a new connection's events will carry (taken before it is added, as events may come at once).</summary>
    public long NextId() => Interlocked.Increment(ref _nextId);

    /// <summary>Starts watching a connection's socket for input.</summary>
    public void Add(long id, EpollConnection connection, int fd)
    {
        _connections[id] = connection;
        if (!EpollNative.Control(_epoll, EpollNative.CtlAdd, fd, EpollNative.In | EpollNative.RdHup, id))
        {
            _connections.TryRemove(id, out _);
            throw new IOException("epoll_ctl(ADD) failed for a new RESP connection");
        }
    }

    /// <summary>Changes what a connection waits for; false once its socket is gone.</summary>
    public bool Watch(long id, int fd, uint events) => EpollNative.Control(_epoll, EpollNative.CtlMod, fd, events, id);

    /// <summary>Stops watching a connection (before its socket is closed, so no event names a reused descriptor).</summary>
    public void Remove(long id, int fd)
    {
        EpollNative.Control(_epoll, EpollNative.CtlDel, fd, 0, id);
        _connections.TryRemove(id, out _);
    }

    /// <summary>The thread ends within <see cref="StopCheckMs"/>; connections are closed by the listener first.</summary>
    public void Stop() => _stopping = true;

    /// <summary>From any thread: <paramref name="work"/> runs on this loop's thread after the sockets of its current
    /// (or next) wait. Many scheduled while the thread is busy cost no system call; one scheduled while it waits wakes
    /// it through the eventfd.</summary>
    public void Schedule(IThreadPoolWorkItem work)
    {
        _resumes.Enqueue(work);
        if (_stopping)
        {
            HandOverResumes(); // the thread may have gone: nothing scheduled is left behind
        }
        else if (Interlocked.Exchange(ref _asleep, 0) == 1)
        {
            try
            {
                EpollNative.Signal(_wake);
            }
            catch (ObjectDisposedException)
            {
                HandOverResumes(); // stopped meanwhile
            }
        }
    }

    private void Run()
    {
        try
        {
            while (!_stopping)
            {
                var n = EpollNative.Wait(_epoll, _events, WaitTimeout());
                Volatile.Write(ref _asleep, 0);
                var (ready, bytes) = ReceiveAll(n);
                if (_helper is not null && bytes >= SplitBytes)
                {
                    DeliverWithHelper(ready);
                }
                else
                {
                    DeliverRange(0, ready);
                }

                RunResumes();
            }
        }
        catch (IOException e)
        {
            _log.LogCritical(e, "RESP epoll loop failed; its connections are closed");
            foreach (var connection in _connections.Values)
            {
                connection.Abort();
            }
        }
        finally
        {
            _stopping = true;
            Interlocked.MemoryBarrier(); // against Schedule's enqueue, then its read of _stopping
            HandOverResumes();
            _wake.Dispose(); // a Schedule signalling it right now keeps it open until its write returns
            EpollNative.Close(_epoll);
            if (_helper is null)
            {
                DisposeWaitHandles();
            }
            else
            {
                _helperStart.Release(); // the helper sees the stop, and disposes of them
            }
        }
    }

    /// <summary>Marks the thread as about to wait, then how long it may: not at all when work was scheduled before the
    /// mark (whatever is scheduled after it signals the eventfd).</summary>
    private int WaitTimeout()
    {
        Interlocked.Exchange(ref _asleep, 1);
        return _resumes.IsEmpty ? StopCheckMs : 0;
    }

    /// <summary>Runs the resumes scheduled so far (those scheduled while they run wait for the next turn, after the
    /// sockets).</summary>
    private void RunResumes()
    {
        var ran = 0;
        for (var count = _resumes.Count; count > 0 && _resumes.TryDequeue(out var work); count--)
        {
            ran++;
            try
            {
                work.Execute();
            }
#pragma warning disable CA1031 // One connection's failure must not stop the loop that serves the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _log.LogError(e, "A RESP connection failed to resume in its epoll loop");
            }
        }

        if (ran > 0)
        {
            _endpoint.CountLoopResumes(ran);
        }
    }

    private void HandOverResumes()
    {
        while (_resumes.TryDequeue(out var work))
        {
            ThreadPoolResume.Instance.Schedule(work);
        }
    }

    /// <summary>Much was received at once (deep pipelines): both threads take the sockets one at a time until none is
    /// left, and the next wait comes only once both are done, so a socket is never served by two threads. The loop
    /// does not wait for a helper that had not yet woken when the last socket was taken.</summary>
    private void DeliverWithHelper(int ready)
    {
        _endpoint.CountSharedWait();
        _shared = ready;
        _nextShared = 0;
        _helperDone.Reset();
        Volatile.Write(ref _helperState, HelperSignalled);
        _helperStart.Release();
        DeliverShared();
        if (Interlocked.CompareExchange(ref _helperState, HelperIdle, HelperSignalled) != HelperSignalled)
        {
            _helperDone.Wait(); // it is running (or has just finished)
        }
    }

    private void RunHelper()
    {
        while (true)
        {
            _helperStart.Wait();
            if (_stopping)
            {
                DisposeWaitHandles();
                return;
            }

            if (Interlocked.CompareExchange(ref _helperState, HelperRunning, HelperSignalled) != HelperSignalled)
            {
                continue; // woken for a wait the loop has finished alone
            }

            DeliverShared();
            Volatile.Write(ref _helperState, HelperIdle);
            _helperDone.Set();
        }
    }

    private void DeliverShared()
    {
        int i;
        while ((i = Interlocked.Increment(ref _nextShared) - 1) < _shared)
        {
            DeliverRange(i, i + 1);
        }
    }

    private void DisposeWaitHandles()
    {
        _helperStart.Dispose();
        _helperDone.Dispose();
    }

    /// <summary>Receives from every ready socket: how many received something (first in <see cref="_ready"/>), and
    /// how many bytes in all.</summary>
    private (int Ready, int Bytes) ReceiveAll(int events)
    {
        var ready = 0;
        var bytes = 0;
        for (var i = 0; i < events; i++)
        {
            if (_events[i].Data == WakeId)
            {
                EpollNative.Consume(_wake);
                continue;
            }

            if (!_connections.TryGetValue(_events[i].Data, out var connection))
            {
                continue;
            }

            int received;
            try
            {
                received = connection.OnReady(_events[i].Events);
            }
#pragma warning disable CA1031 // One connection's failure must not stop the loop that serves the others.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Failed(connection, e);
                continue;
            }

            if (received > 0)
            {
                _ready[ready++] = connection;
                bytes += received;
            }
        }

        return (ready, bytes);
    }

    private void DeliverRange(int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var connection = _ready[i]!;
            _ready[i] = null;
            try
            {
                connection.Deliver();
            }
#pragma warning disable CA1031 // As above.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Failed(connection, e);
            }
        }
    }

    private void Failed(EpollConnection connection, Exception e)
    {
        _log.LogError(e, "RESP connection failed in its epoll loop; it is closed");
        connection.Abort();
    }
}
