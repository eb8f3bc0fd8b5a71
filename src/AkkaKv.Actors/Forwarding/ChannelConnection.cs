using System.Buffers.Binary;
using System.Net.Sockets;

namespace AkkaKv.Actors.Forwarding;

/// <summary>One TCP connection of the forward channel: sends frames from any thread (one at a time, whole) and reads
/// frames in a loop, handing each to its handler on the thread the read completed on.</summary>
internal sealed class ChannelConnection : IDisposable
{
    /// <summary>A send that cannot go out for this long (the other node stopped reading) fails, and the connection with it.</summary>
    private const int SendTimeoutMs = 10_000;

    private readonly Socket _socket;
    private readonly Lock _sendGate = new();
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private int _closed;

    public ChannelConnection(Socket socket)
    {
        _socket = socket;
        _socket.NoDelay = true;
        _socket.SendTimeout = SendTimeoutMs;
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Sends one frame, whole, before any other. Throws if the connection is closed or the send fails (and
    /// closes it then: a frame sent in part leaves the stream unreadable).</summary>
    public void Send(byte kind, ReadOnlySpan<byte> payload)
    {
        var frame = ChannelFrames.Frame(kind, payload);
        lock (_sendGate)
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            try
            {
                for (var sent = 0; sent < frame.Length;)
                {
                    sent += _socket.Send(frame, sent, frame.Length - sent, SocketFlags.None);
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }
    }

    /// <summary>Reads frames until the other side closes, <paramref name="onFrame"/> returns false, or the stream is not
    /// a channel's; the payload array is the handler's to keep.</summary>
    public async Task ReceiveAsync(Func<byte, byte[], bool> onFrame)
    {
        while (true)
        {
            while (_end - _start >= ChannelFrames.HeaderBytes)
            {
                var length = BinaryPrimitives.ReadInt32LittleEndian(_buffer.AsSpan(_start));
                if (length is < 1 or > ChannelFrames.MaxFrameBytes)
                {
                    throw new InvalidDataException($"a forward channel frame of {length} bytes");
                }

                if (_end - _start - 4 < length)
                {
                    MakeRoom(4 + length);
                    break;
                }

                var kind = _buffer[_start + 4];
                var payload = _buffer.AsSpan(_start + ChannelFrames.HeaderBytes, length - 1).ToArray();
                _start += 4 + length;
                if (!onFrame(kind, payload))
                {
                    return;
                }
            }

            if (_start == _end)
            {
                _start = _end = 0;
            }
            else if (_end == _buffer.Length)
            {
                MakeRoom(_buffer.Length);
            }

            var read = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            _end += read;
        }
    }

    /// <summary>Moves the unread bytes to the front, in a larger buffer if <paramref name="frameBytes"/> needs one.</summary>
    private void MakeRoom(int frameBytes)
    {
        var target = _buffer.Length >= frameBytes ? _buffer : new byte[Math.Max(frameBytes, _buffer.Length * 2)];
        Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
        _end -= _start;
        _start = 0;
        _buffer = target;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _socket.Dispose();
        }
    }
}
