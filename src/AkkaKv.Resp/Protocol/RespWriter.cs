using System.Buffers;
using System.Buffers.Text;
using System.Text;
using AkkaKv.Ops;

namespace AkkaKv.Resp.Protocol;

/// <summary>Writes replies straight into the connection's output buffer, in RESP2 or RESP3 (after HELLO 3): the two
/// differ in nulls, maps, doubles and booleans, and everything else is shared.</summary>
public sealed class RespWriter(IBufferWriter<byte> output)
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    public int Protocol { get; set; } = 2;

    public bool IsResp3 => Protocol >= 3;

    public void Ok() => Raw("+OK\r\n"u8);

    public void Simple(string ascii)
    {
        var span = output.GetSpan(ascii.Length + 3);
        span[0] = (byte)'+';
        var n = Encoding.ASCII.GetBytes(ascii, span[1..]);
        Crlf.CopyTo(span[(n + 1)..]);
        output.Advance(n + 3);
    }

    /// <summary>An error line; <paramref name="message"/> starts with its code (ERR, WRONGTYPE, CROSSSLOT, …). Line
    /// breaks are flattened: one would end the error early and desynchronise the client.</summary>
    public void Error(string message)
    {
        var flat = message.Contains('\n', StringComparison.Ordinal) || message.Contains('\r', StringComparison.Ordinal)
            ? message.Replace('\r', ' ').Replace('\n', ' ')
            : message;
        var bytes = Encoding.UTF8.GetByteCount(flat);
        var span = output.GetSpan(bytes + 3);
        span[0] = (byte)'-';
        Encoding.UTF8.GetBytes(flat, span[1..]);
        Crlf.CopyTo(span[(bytes + 1)..]);
        output.Advance(bytes + 3);
    }

    public void Number(long value) => Prefixed((byte)':', value);

    public void Bulk(string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var span = output.GetSpan(length + 24);
        span[0] = (byte)'$';
        Utf8Formatter.TryFormat(length, span[1..], out var digits);
        var at = digits + 1;
        Crlf.CopyTo(span[at..]);
        at += 2;
        at += Encoding.UTF8.GetBytes(value, span[at..]);
        Crlf.CopyTo(span[at..]);
        output.Advance(at + 2);
    }

    public void Bulk(ReadOnlySpan<byte> value)
    {
        Prefixed((byte)'$', value.Length);
        output.Write(value);
        Raw(Crlf);
    }

    /// <summary>Text that RESP3 marks as a verbatim string (INFO, CLIENT INFO), a bulk string in RESP2.</summary>
    public void Verbatim(string text)
    {
        if (!IsResp3)
        {
            Bulk(text);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        Prefixed((byte)'=', bytes.Length + 4);
        Raw("txt:"u8);
        output.Write(bytes);
        Raw(Crlf);
    }

    public void Null() => Raw(IsResp3 ? "_\r\n"u8 : "$-1\r\n"u8);

    /// <summary>The null reply of commands that answer arrays (EXEC after a failed WATCH).</summary>
    public void NullArray() => Raw(IsResp3 ? "_\r\n"u8 : "*-1\r\n"u8);

    public void Array(int count) => Prefixed((byte)'*', count);

    /// <summary>A map of <paramref name="pairs"/> entries; RESP2 has no maps, so a flat array of key, value, key, value.</summary>
    public void Map(int pairs)
    {
        if (IsResp3)
        {
            Prefixed((byte)'%', pairs);
        }
        else
        {
            Array(pairs * 2);
        }
    }

    /// <summary>A set (COMMAND flags); RESP2 sends an array.</summary>
    public void Set(int count) => Prefixed(IsResp3 ? (byte)'~' : (byte)'*', count);

    /// <summary>An op's outcome as Redis replies it.</summary>
    public void Result(in OpResult result)
    {
        switch (result.Kind)
        {
            case OpResultKind.Ok:
                Ok();
                break;
            case OpResultKind.Nil:
                Null();
                break;
            case OpResultKind.Number:
                Number(result.Number);
                break;
            case OpResultKind.Text:
                Bulk(result.Text!);
                break;
            case OpResultKind.Bytes:
                Bulk((byte[])result.Payload!);
                break;
            case OpResultKind.Status:
                Simple(result.Text!);
                break;
            default:
                Error(result.Text!);
                break;
        }
    }

    public void Raw(ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private void Prefixed(byte marker, long value)
    {
        var span = output.GetSpan(24);
        span[0] = marker;
        Utf8Formatter.TryFormat(value, span[1..], out var digits);
        Crlf.CopyTo(span[(digits + 1)..]);
        output.Advance(digits + 3);
    }
}
