using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Resp.Transport;

/// <summary>One thread waiting on an epoll set of RESP sockets, the way Redis's event loop does: for each socket that is
/// ready it receives once, and the connection runs the commands received and sends their replies on this thread before
/// the next socket is looked at. Kestrel's socket transport costs two receives per request (the one with the data and
/// one that finds nothing more before it waits again) and a hop between its own threads; this costs one.</summary>
internal sealed class EpollLoop
{
    /// <summary>How often the thread looks at whether it should stop (an epoll wait cannot be cancelled otherwise).</summary>
    private const int StopCheckMs = 200;

    private readonly int _epoll = EpollNative.Create();
    private readonly ConcurrentDictionary<long, EpollConnection> _connections = new();
    private readonly ILogger _log;
    private volatile bool _stopping;
    private long _nextId;

    public EpollLoop(string name, ILogger log)
    {
        _log = log;
        new Thread(Run) { IsBackground = true, Name = name }.Start();
    }

    public int Count => _connections.Count;

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

    private void Run()
    {
        var events = new EpollNative.Event[128];
        try
        {
            while (!_stopping)
            {
                var n = EpollNative.Wait(_epoll, events, StopCheckMs);
                for (var i = 0; i < n; i++)
                {
                    if (_connections.TryGetValue(events[i].Data, out var connection))
                    {
                        Dispatch(connection, events[i].Events);
                    }
                }
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
            EpollNative.Close(_epoll);
        }
    }

    private void Dispatch(EpollConnection connection, uint events)
    {
        try
        {
            connection.OnReady(events);
        }
#pragma warning disable CA1031 // One connection's failure must not stop the loop that serves the others.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _log.LogError(e, "RESP connection failed in its epoll loop; it is closed");
            connection.Abort();
        }
    }
}
