using System.Text;
using System.Text.Unicode;

namespace AkkaKv.Resp.Protocol;

/// <summary>One parsed command: its arguments copied into one reusable buffer (no allocation per argument), valid until
/// the next command is parsed into it.</summary>
public sealed class RespRequest
{
    private const int DefaultArenaBytes = 4096;

    private byte[] _arena;
    private (int Start, int Length)[] _args = new (int, int)[16];
    private int _used;

    /// <param name="arenaBytes">The arguments' buffer to begin with (it grows as commands need).</param>
    public RespRequest(int arenaBytes = DefaultArenaBytes)
    {
        _arena = new byte[arenaBytes];
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> this[int index] => _arena.AsSpan(_args[index].Start, _args[index].Length);

    /// <summary>The argument as text; null when it is not valid UTF-8 (keys and values are text in AkkaKv).</summary>
    public string? Text(int index)
    {
        var bytes = this[index];
        return Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
    }

    /// <summary>The argument as ASCII-uppercase text, for option words (EX, NX, …) and subcommands.</summary>
    public string Word(int index)
    {
        var bytes = this[index];
        return string.Create(bytes.Length, bytes.ToArray(), static (chars, raw) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(raw[i] is >= (byte)'a' and <= (byte)'z' ? raw[i] - 32 : raw[i]);
            }
        });
    }

    /// <summary>Whether the argument equals an uppercase ASCII word, ignoring case.</summary>
    public bool Is(int index, string upperWord)
    {
        var bytes = this[index];
        if (bytes.Length != upperWord.Length)
        {
            return false;
        }

        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i] is >= (byte)'a' and <= (byte)'z' ? bytes[i] - 32 : bytes[i];
            if (b != upperWord[i])
            {
                return false;
            }
        }

        return true;
    }

    internal void Reset()
    {
        Count = 0;
        _used = 0;
    }

    /// <summary>Reserves room for an argument of <paramref name="length"/> bytes and returns it to be filled.</summary>
    internal Span<byte> Add(int length)
    {
        if (Count == _args.Length)
        {
            Array.Resize(ref _args, _args.Length * 2);
        }

        if (_used + length > _arena.Length)
        {
            Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _used + length));
        }

        _args[Count++] = (_used, length);
        var span = _arena.AsSpan(_used, length);
        _used += length;
        return span;
    }

    /// <summary>Drops a big arena after a big command, so one large value does not pin memory for the connection's life.</summary>
    internal void Trim()
    {
        if (_arena.Length > 64 * 1024)
        {
            _arena = new byte[DefaultArenaBytes];
        }
    }
}
