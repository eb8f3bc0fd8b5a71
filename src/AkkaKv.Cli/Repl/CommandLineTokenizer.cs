using System.Text;

namespace AkkaKv.Cli.Repl;

/// <summary>Splits a shell line into arguments as a POSIX shell would, without expansions: whitespace separates,
/// 'single quotes' keep everything, "double quotes" keep everything but \" and \\, and outside quotes a backslash
/// takes the next character as it is. So <c>kv put 'a key' "say \"hi\""</c> is what a user expects.</summary>
public static class CommandLineTokenizer
{
    /// <summary>What a prefix of a line tokenizes to: the finished words, the word being typed (null right after a
    /// space), and the quote left open, if any. Completion works on this.</summary>
    public sealed record Scan(IReadOnlyList<string> Words, string? Current, char? OpenQuote);

    /// <exception cref="FormatException">A quote is not closed.</exception>
    public static IReadOnlyList<string> Split(string line)
    {
        var scan = Tokenize(line);
        if (scan.OpenQuote is { } quote)
        {
            throw new FormatException($"unterminated {(quote == '"' ? "double" : "single")} quote");
        }

        return scan.Current is null ? scan.Words : [.. scan.Words, scan.Current];
    }

    public static Scan Tokenize(string line)
    {
        var words = new List<string>();
        StringBuilder? word = null;
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            switch (quote)
            {
                case '\'':
                    if (c == '\'')
                    {
                        quote = null;
                    }
                    else
                    {
                        word!.Append(c);
                    }

                    continue;
                case '"':
                    if (c == '"')
                    {
                        quote = null;
                    }
                    else if (c == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\')
                    {
                        word!.Append(line[++i]);
                    }
                    else
                    {
                        word!.Append(c);
                    }

                    continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (word is not null)
                {
                    words.Add(word.ToString());
                    word = null;
                }

                continue;
            }

            // Any other character starts a word if none is open: '' and "" are empty arguments, as in a shell.
            word ??= new StringBuilder();
            if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                // A trailing backslash has nothing to escape: keep it.
                word.Append(i + 1 < line.Length ? line[++i] : '\\');
            }
            else
            {
                word.Append(c);
            }
        }

        return new Scan(words, word?.ToString(), quote);
    }
}
