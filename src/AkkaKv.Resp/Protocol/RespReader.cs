using System.Buffers;

namespace AkkaKv.Resp.Protocol;

public enum ReadStatus
{
    /// <summary>A whole command was parsed (an empty one, Count 0, is to be ignored, as Redis does).</summary>
    Complete,

    /// <summary>The frame is not all here yet; nothing was consumed.</summary>
    Incomplete,

    /// <summary>The bytes are not RESP: reply the error and close the connection (the stream cannot be resynchronised).</summary>
    Error,
}

/// <summary>Parses client commands: RESP arrays of bulk strings, and inline commands (one line of words) as sent by hand
/// and by redis-benchmark's PING_INLINE. Error texts are Redis's own.</summary>
public static class RespReader
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    public static ReadStatus TryRead(ref SequenceReader<byte> reader, RespRequest into, RespLimits limits, out string? error)
    {
        var start = reader.Consumed;
        into.Reset();
        var status = reader.TryPeek(out var first) ? first == (byte)'*'
                ? ReadArray(ref reader, into, limits, out error)
                : ReadInline(ref reader, into, limits, out error)
            : Incomplete(out error);
        if (status == ReadStatus.Incomplete)
        {
            reader.Rewind(reader.Consumed - start);
        }

        return status;
    }

    private static ReadStatus ReadArray(ref SequenceReader<byte> reader, RespRequest into, RespLimits limits, out string? error)
    {
        reader.Advance(1);
        var header = ReadNumberLine(ref reader, limits, isCount: true, out var count, out error);
        if (header != ReadStatus.Complete)
        {
            return header;
        }

        if (count > limits.MaxArguments)
        {
            return Fail("ERR Protocol error: invalid multibulk length", out error);
        }

        for (var i = 0; i < count; i++)
        {
            if (!reader.TryPeek(out var marker))
            {
                return Incomplete(out error);
            }

            if (marker != (byte)'$')
            {
                return Fail($"ERR Protocol error: expected '$', got '{Printable(marker)}'", out error);
            }

            reader.Advance(1);
            var line = ReadNumberLine(ref reader, limits, isCount: false, out var length, out error);
            if (line != ReadStatus.Complete)
            {
                return line;
            }

            if (length < 0 || length > limits.MaxBulkBytes)
            {
                return Fail("ERR Protocol error: invalid bulk length", out error);
            }

            if (reader.Remaining < length + 2)
            {
                return Incomplete(out error);
            }

            var target = into.Add((int)length);
            reader.UnreadSequence.Slice(0, length).CopyTo(target);
            reader.Advance(length);
            if (!reader.IsNext(Crlf, advancePast: true))
            {
                return Fail("ERR Protocol error: expected CRLF after a bulk string", out error);
            }
        }

        error = null;
        return ReadStatus.Complete;
    }

    /// <summary>Reads digits up to CRLF (an optional '-' first): an array's count, or a bulk string's length.</summary>
    private static ReadStatus ReadNumberLine(ref SequenceReader<byte> reader, RespLimits limits, bool isCount, out long value, out string? error)
    {
        value = 0;
        // Redis answers a malformed number as an invalid length.
        var invalid = isCount ? "ERR Protocol error: invalid multibulk length" : "ERR Protocol error: invalid bulk length";
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, Crlf))
        {
            var tooLong = isCount ? "ERR Protocol error: too big mbulk count string" : "ERR Protocol error: too big bulk count string";
            return reader.Remaining > limits.MaxInlineBytes ? Fail(tooLong, out error) : Incomplete(out error);
        }

        var negative = false;
        var digits = 0;
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b == (byte)'-' && digits == 0 && !negative)
                {
                    negative = true;
                }
                else if (b is >= (byte)'0' and <= (byte)'9' && digits < 18
                    // As Redis's string2ll: "0" alone, never a leading zero ("007") or "-0".
                    && !(digits > 0 && value == 0) && !(b == '0' && digits == 0 && negative))
                {
                    value = (value * 10) + (b - '0');
                    digits++;
                }
                else
                {
                    return Fail(invalid, out error);
                }
            }
        }

        if (digits == 0)
        {
            return Fail(invalid, out error);
        }

        value = negative ? -value : value;
        error = null;
        return ReadStatus.Complete;
    }

    private static ReadStatus ReadInline(ref SequenceReader<byte> reader, RespRequest into, RespLimits limits, out string? error)
    {
        if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
        {
            return reader.Remaining > limits.MaxInlineBytes
                ? Fail("ERR Protocol error: too big inline request", out error)
                : Incomplete(out error);
        }

        if (line.Length > limits.MaxInlineBytes)
        {
            return Fail("ERR Protocol error: too big inline request", out error);
        }

        ReadOnlySpan<byte> text = line.IsSingleSegment ? line.FirstSpan : line.ToArray();
        if (text.Length > 0 && text[^1] == (byte)'\r')
        {
            text = text[..^1];
        }

        return InlineSplitter.Split(text, into, out error) ? ReadStatus.Complete : ReadStatus.Error;
    }

    private static string Printable(byte b) => b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}";

    private static ReadStatus Fail(string message, out string? error)
    {
        error = message;
        return ReadStatus.Error;
    }

    private static ReadStatus Incomplete(out string? error)
    {
        error = null;
        return ReadStatus.Incomplete;
    }
}
