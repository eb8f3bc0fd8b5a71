using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>A bare TCP connection to a node's RESP port: sends exactly the bytes a test gives and reads replies back as
/// their raw RESP text ("+OK\r\n", "$1\r\nv\r\n", …), so malformed frames and exact reply bytes can be checked.</summary>
public sealed class RawRespClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    private RawRespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public Socket Socket => _tcp.Client;

    public static async Task<RawRespClient> ConnectAsync(int port)
    {
        var tcp = new TcpClient(AddressFamily.InterNetwork) { NoDelay = true };
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        return new RawRespClient(tcp);
    }

    /// <summary>A command as a RESP array of bulk strings (UTF-8).</summary>
    public static byte[] Encode(params string[] args) => Encode(args.Select(Encoding.UTF8.GetBytes).ToArray());

    public static byte[] Encode(params byte[][] args)
    {
        var frame = new MemoryStream();
        frame.Write(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            frame.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"${arg.Length}\r\n")));
            frame.Write(arg);
            frame.Write("\r\n"u8);
        }

        return frame.ToArray();
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Sends one command and reads its reply.</summary>
    public async Task<string> CommandAsync(params string[] args)
    {
        await SendAsync(Encode(args));
        return await ReadReplyAsync();
    }

    /// <summary>Reads one whole reply (nested aggregates included) and returns its raw text.</summary>
    public async Task<string> ReadReplyAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        var reply = new StringBuilder();
        await ReadValueAsync(reply, cancel.Token);
        return reply.ToString();
    }

    /// <summary>Reads (and discards) whatever the server still sends until it closes the connection or
    /// <paramref name="timeout"/> passes: whether it closed, and how many bytes came before.</summary>
    public async Task<(bool Closed, long Bytes)> DrainUntilClosedAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        long bytes = _end - _start;
        _start = _end = 0;
        try
        {
            while (true)
            {
                var n = await _stream.ReadAsync(_buffer, cancel.Token);
                if (n == 0)
                {
                    return (true, bytes);
                }

                bytes += n;
            }
        }
        catch (OperationCanceledException)
        {
            return (false, bytes);
        }
        catch (IOException)
        {
            return (true, bytes); // reset by the server
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task ReadValueAsync(StringBuilder reply, CancellationToken cancel)
    {
        var line = await ReadLineAsync(cancel);
        reply.Append(line).Append("\r\n");
        var type = line[0];
        var number = line.Length > 1 && long.TryParse(line.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        switch (type)
        {
            case '$' or '=' or '!' when number >= 0:
                reply.Append(Encoding.UTF8.GetString(await ReadExactlyAsync((int)number + 2, cancel)));
                break;
            case '*' or '~' or '>':
                for (var i = 0; i < number; i++)
                {
                    await ReadValueAsync(reply, cancel);
                }

                break;
            case '%' or '|':
                for (var i = 0; i < number * 2; i++)
                {
                    await ReadValueAsync(reply, cancel);
                }

                break;
        }
    }

    private async Task<string> ReadLineAsync(CancellationToken cancel)
    {
        var line = new List<byte>();
        while (true)
        {
            while (_start < _end)
            {
                var b = _buffer[_start++];
                if (b == '\n' && line.Count > 0 && line[^1] == '\r')
                {
                    return Encoding.UTF8.GetString(line.ToArray(), 0, line.Count - 1);
                }

                line.Add(b);
            }

            await FillAsync(cancel);
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count, CancellationToken cancel)
    {
        var bytes = new byte[count];
        var got = 0;
        while (got < count)
        {
            if (_start == _end)
            {
                await FillAsync(cancel);
            }

            var n = Math.Min(count - got, _end - _start);
            Array.Copy(_buffer, _start, bytes, got, n);
            _start += n;
            got += n;
        }

        return bytes;
    }

    private async Task FillAsync(CancellationToken cancel)
    {
        _start = 0;
        _end = await _stream.ReadAsync(_buffer, cancel);
        if (_end == 0)
        {
            throw new EndOfStreamException("the server closed the connection");
        }
    }
}
