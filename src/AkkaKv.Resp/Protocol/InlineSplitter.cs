namespace AkkaKv.Resp.Protocol;

/// <summary>Splits an inline command into words as Redis's sdssplitargs does: blanks separate words, "double quotes"
/// take \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' take \'; a closing quote must end the word.</summary>
internal static class InlineSplitter
{
    public static bool Split(ReadOnlySpan<byte> line, RespRequest into, out string? error)
    {
        error = null;
        var buffer = new byte[line.Length];
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsBlank(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                return true;
            }

            var length = 0;
            var inDouble = false;
            var inSingle = false;
            var done = false;
            while (!done)
            {
                if (inDouble)
                {
                    if (i == line.Length)
                    {
                        return Unbalanced(out error);
                    }

                    if (line[i] == (byte)'\\' && i + 3 < line.Length && line[i + 1] == (byte)'x' && IsHex(line[i + 2]) && IsHex(line[i + 3]))
                    {
                        buffer[length++] = (byte)((Hex(line[i + 2]) << 4) | Hex(line[i + 3]));
                        i += 4;
                    }
                    else if (line[i] == (byte)'\\' && i + 1 < line.Length)
                    {
                        buffer[length++] = line[i + 1] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        };
                        i += 2;
                    }
                    else if (line[i] == (byte)'"')
                    {
                        if (i + 1 < line.Length && !IsBlank(line[i + 1]))
                        {
                            return Unbalanced(out error);
                        }

                        inDouble = false;
                        done = true;
                        i++;
                    }
                    else
                    {
                        buffer[length++] = line[i++];
                    }
                }
                else if (inSingle)
                {
                    if (i == line.Length)
                    {
                        return Unbalanced(out error);
                    }

                    if (line[i] == (byte)'\\' && i + 1 < line.Length && line[i + 1] == (byte)'\'')
                    {
                        buffer[length++] = (byte)'\'';
                        i += 2;
                    }
                    else if (line[i] == (byte)'\'')
                    {
                        if (i + 1 < line.Length && !IsBlank(line[i + 1]))
                        {
                            return Unbalanced(out error);
                        }

                        inSingle = false;
                        done = true;
                        i++;
                    }
                    else
                    {
                        buffer[length++] = line[i++];
                    }
                }
                else if (i == line.Length || IsBlank(line[i]))
                {
                    done = true;
                }
                else if (line[i] == (byte)'"')
                {
                    inDouble = true;
                    i++;
                }
                else if (line[i] == (byte)'\'')
                {
                    inSingle = true;
                    i++;
                }
                else
                {
                    buffer[length++] = line[i++];
                }
            }

            buffer.AsSpan(0, length).CopyTo(into.Add(length));
        }
    }

    private static bool Unbalanced(out string? error)
    {
        error = "ERR Protocol error: unbalanced quotes in request";
        return false;
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0x0b or 0x0c;

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= (byte)'9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
