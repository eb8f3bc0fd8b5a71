using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace AkkaKv.Resp.Transport;

/// <summary>One RESP socket served by an <see cref="EpollLoop"/>, seen by the connection handler as the pipes Kestrel
/// would give it. Both pipes run their continuations inline: data received on the loop thread runs the commands it
/// completes right there, and their replies, once flushed, are sent by the thread that flushed them.</summary>
internal sealed class EpollConnection : IDuplexPipe, IDisposable
{
    /// <summary>The least room given to one receive (a pipe segment; the socket is read again while it stays ready).</summary>
    private const int ReceiveSize = 4096;

    // As Kestrel's defaults: at most 1 MiB received and not yet parsed, 64 KiB of replies not yet sent.
    private static readonly PipeOptions InputOptions = new(
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024, useSynchronizationContext: false);

    private static readonly PipeOptions OutputOptions = new(
        readerScheduler: PipeScheduler.Inline, writerScheduler: PipeScheduler.Inline,
        pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false);

    private readonly Socket _socket;
    private readonly int _fd;
    private readonly EpollLoop _loop;
    private readonly Pipe _input = new(InputOptions);
    private readonly Pipe _output = new(OutputOptions);
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _gate = new();
    private readonly long _id;
    private uint _interest = EpollNative.In | EpollNative.RdHup; // under _gate
    private TaskCompletionSource? _writable; // under _gate: the sender waits for room in the socket's buffer
    private bool _inputEnded; // the loop thread's or its helper's, never both at once (one waits for the other)
    private volatile bool _readingPaused;
    private int _aborted;

    public EpollConnection(Socket socket, EpollLoop loop)
    {
        _socket = socket;
        _fd = (int)socket.SafeHandle.DangerousGetHandle();
        _loop = loop;
        Remote = socket.RemoteEndPoint;
        _id = loop.NextId();
        Sending = SendAsync();
        loop.Add(_id, this, _fd);
    }

    public PipeReader Input => _input.Reader;

    public PipeWriter Output => _output.Writer;

    public EndPoint? Remote { get; }

    /// <summary>The loop whose thread serves this socket, and where the handler resumes once its replies are in.</summary>
    public EpollLoop Loop => _loop;

    /// <summary>Cancelled once the connection is closed.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Completes when every reply has been sent, or the client is gone.</summary>
    public Task Sending { get; }

    /// <summary>On the loop thread: the socket is ready for what the events say. Returns the bytes received, which
    /// <see cref="Deliver"/> then hands to the handler.</summary>
    public int OnReady(uint events)
    {
        if ((events & (EpollNative.Out | EpollNative.Err | EpollNative.Hup)) != 0)
        {
            WakeSender();
        }

        if (_inputEnded)
        {
            if ((events & (EpollNative.Err | EpollNative.Hup)) != 0)
            {
                // epoll reports these whatever a socket waits for: stop watching one that has nothing more to give.
                _loop.Remove(_id, _fd);
            }

            return 0;
        }

        return (events & (EpollNative.In | EpollNative.RdHup | EpollNative.Err | EpollNative.Hup)) != 0 && !_readingPaused
            ? Receive()
            : 0;
    }

    /// <summary>After <see cref="OnReady"/> received something, on the loop thread or its helper (never both for one
    /// socket at once): runs the handler inline on it, up to its next wait.</summary>
    public void Deliver()
    {
        var flush = _input.Writer.FlushAsync();
        if (!flush.IsCompleted)
        {
            _ = ResumeReadingAsync(flush);
        }
        else if (flush.Result.IsCompleted)
        {
            EndInput(null); // the handler has stopped reading (QUIT, a protocol error)
        }
    }

    /// <summary>Closes the socket now, dropping replies not yet sent (a client that does not read, a protocol error).</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _aborted, 1) != 0)
        {
            return;
        }

        try
        {
            _socket.Shutdown(SocketShutdown.Both); // the loop then sees the end of input, and the handler returns
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }

        _output.Reader.CancelPendingRead();
        WakeSender();
    }

    /// <summary>Once the handler has returned and the replies are sent (or dropped): the socket leaves the loop and closes.</summary>
    public void Dispose()
    {
        _loop.Remove(_id, _fd);
        _socket.Dispose();
        _closed.Cancel();
        _closed.Dispose();
    }

    private int Receive()
    {
        var writer = _input.Writer;
        var memory = writer.GetMemory(ReceiveSize);
        int received;
        SocketError error;
        try
        {
            received = _socket.Receive(memory.Span, SocketFlags.None, out error);
        }
        catch (ObjectDisposedException)
        {
            EndInput(null);
            return 0;
        }

        if (error == SocketError.WouldBlock)
        {
            return 0;
        }

        if (error != SocketError.Success || received == 0)
        {
            EndInput(error == SocketError.Success ? null : new ConnectionResetException($"receive failed: {error}"));
            return 0;
        }

        writer.Advance(received);
        return received;
    }

    /// <summary>More than the input limit waits to be parsed: the socket is not read until the handler catches up.</summary>
    private async Task ResumeReadingAsync(ValueTask<FlushResult> flush)
    {
        _readingPaused = true;
        SetInterest(EpollNative.In | EpollNative.RdHup, add: false);
        var result = await flush;
        _readingPaused = false;
        if (!result.IsCompleted)
        {
            SetInterest(EpollNative.In | EpollNative.RdHup, add: true);
        }
    }

    private void EndInput(Exception? error)
    {
        _inputEnded = true;
        SetInterest(EpollNative.In | EpollNative.RdHup, add: false);
        _input.Writer.Complete(error);
    }

    private async Task SendAsync()
    {
        var reader = _output.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.IsCanceled)
                {
                    break; // aborted
                }

                var buffer = result.Buffer;
                foreach (var segment in buffer)
                {
                    var rest = segment;
                    while (!rest.IsEmpty)
                    {
                        var sent = _socket.Send(rest.Span, SocketFlags.None, out var error);
                        if (error == SocketError.WouldBlock)
                        {
                            await WritableAsync();
                        }
                        else if (error != SocketError.Success)
                        {
                            throw new ConnectionResetException($"send failed: {error}");
                        }
                        else
                        {
                            rest = rest[sent..];
                        }
                    }
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    break;
                }
            }

            await reader.CompleteAsync();
        }
        catch (Exception e) when (e is ConnectionResetException or ObjectDisposedException or SocketException)
        {
            // The client is gone: the handler's later writes are dropped, and its next read sees the end of input.
            await reader.CompleteAsync(e);
        }
    }

    /// <summary>The socket's send buffer is full: waits (off the loop thread) until epoll says there is room.</summary>
    private Task WritableAsync()
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _aborted) != 0)
            {
                throw new ConnectionResetException("the connection was aborted");
            }

            _writable = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _interest |= EpollNative.Out;
            _loop.Watch(_id, _fd, _interest);
            return _writable.Task;
        }
    }

    private void WakeSender()
    {
        TaskCompletionSource? writable;
        lock (_gate)
        {
            writable = _writable;
            _writable = null;
            if (writable is not null)
            {
                _interest &= ~EpollNative.Out;
                _loop.Watch(_id, _fd, _interest);
            }
        }

        writable?.TrySetResult();
    }

    private void SetInterest(uint events, bool add)
    {
        lock (_gate)
        {
            var interest = add ? _interest | events : _interest & ~events;
            if (interest != _interest)
            {
                _interest = interest;
                _loop.Watch(_id, _fd, interest);
            }
        }
    }
}
