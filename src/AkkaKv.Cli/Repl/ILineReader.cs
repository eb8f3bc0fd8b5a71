namespace AkkaKv.Cli.Repl;

/// <summary>Where the shell's lines come from: the line editor on a terminal, plain lines from a pipe.</summary>
public interface ILineReader
{
    /// <summary>Shows <paramref name="prompt"/> and returns the next line, or null at the end of input (Ctrl-D, EOF).</summary>
    string? ReadLine(string prompt);
}

/// <summary>Redirected stdin (<c>printf 'cluster show\nexit\n' | akkakv</c>): no editing, but the prompt and the line
/// read are printed, as a terminal would have echoed it, so that the output reads like a session and each command's
/// output starts on a line of its own.</summary>
public sealed class PlainLineReader(TextReader input, TextWriter output) : ILineReader
{
    public string? ReadLine(string prompt)
    {
        output.Write(prompt);
        var line = input.ReadLine();
        if (line is not null)
        {
            output.WriteLine(line);
        }

        output.Flush();
        return line;
    }
}
