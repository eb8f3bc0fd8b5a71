using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using AkkaKv.Actors.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Resp.Transport;

/// <summary>The RESP listener on Linux: accepts connections and hands each to one of a few <see cref="EpollLoop"/>s,
/// where <see cref="RespConnectionHandler"/> serves it as it would a Kestrel connection. Kestrel keeps HTTP and the
/// management endpoint.</summary>
public sealed class EpollRespListener(
    AkkaKvSettings settings, RespEndpoint endpoint, RespConnectionHandler handler, ILogger<EpollRespListener> log) : IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<EpollConnection, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private Socket? _listener;
    private EpollLoop[] _loops = [];
    private Task _accepting = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!settings.Resp.Enabled || !RespTransport.UsesEpoll(settings.Resp))
        {
            return Task.CompletedTask;
        }

        var address = ListenAddress.Parse(settings.Resp.Host);
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        // As Kestrel does on Linux: a restarted node can bind its port again while old connections linger in TIME_WAIT.
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            _listener.Bind(new IPEndPoint(address, settings.Resp.Port));
        }
        catch (SocketException e)
        {
            // Worded as Kestrel words it for the HTTP port, so a node that cannot start says why in one line.
            throw new IOException($"Failed to bind to [{address}:{settings.Resp.Port}]: {e.Message}", e);
        }

        _listener.Listen(512);
        endpoint.Bound = (IPEndPoint)_listener.LocalEndPoint!;
        endpoint.Transport = "epoll";
        _loops = Enumerable.Range(0, RespTransport.IoThreads(settings.Resp))
            .Select(i => new EpollLoop($"resp-epoll-{i}", helper: Environment.ProcessorCount > 1, endpoint, log))
            .ToArray();
        _accepting = AcceptAsync(_listener);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Dispose();
        await _accepting;
        // Clients see their connections close, as when Redis shuts down; what was answered is already durable.
        foreach (var connection in _connections.Keys)
        {
            connection.Abort();
        }

        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host's shutdown timeout passed; the process is ending anyway.
        }

        foreach (var loop in _loops)
        {
            loop.Stop();
        }
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
    {
        var next = 0;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                log.LogWarning("RESP accept failed: {Error}", e.SocketErrorCode);
                continue;
            }

            try
            {
                socket.Blocking = false; // receives and sends return at once; epoll says when to try again
                socket.NoDelay = true;
                var connection = new EpollConnection(socket, _loops[next++ % _loops.Length]);
                var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _connections[connection] = served.Task; // before serving starts, which removes it when it ends
                _ = ServeAsync(connection, served);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                log.LogWarning("RESP connection could not be set up: {Error}", e.Message);
                socket.Dispose();
            }
        }
    }

    private async Task ServeAsync(EpollConnection connection, TaskCompletionSource served)
    {
        await Task.Yield(); // the accept loop goes on; the connection's first commands run on its epoll thread
        try
        {
            await handler.ServeConnectionAsync(connection, connection.Remote, connection.Abort, connection.Loop, connection.Closed);
        }
        finally
        {
            await connection.Output.CompleteAsync();
            // Replies still unsent go out unless the client does not read them within the stall timeout. (WaitAsync
            // drops its timer as soon as they are sent: no 30 s timer outlives each closed connection.)
            try
            {
                await connection.Sending.WaitAsync(settings.Resp.OutputStallTimeout);
            }
            catch (TimeoutException)
            {
                connection.Abort();
                await connection.Sending;
            }

            connection.Dispose();
            _connections.TryRemove(connection, out _);
            served.SetResult();
        }
    }
}
