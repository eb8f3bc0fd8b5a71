namespace AkkaKv.Cli;

/// <summary>Everything a run reads from or writes to outside itself: the streams, whether they are a terminal, the
/// environment and the history file. Program passes the real ones; tests pass writers and a fixed environment.</summary>
public sealed class CliConsole
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>stdin is a terminal: the REPL uses the line editor (keys, history, Tab) instead of plain lines.</summary>
    public bool InteractiveInput { get; init; }

    /// <summary>stdout is a terminal that takes escape codes (bold table headers); false when redirected or NO_COLOR.</summary>
    public bool Ansi { get; init; }

    public Func<string, string?> Environment { get; init; } = _ => null;

    /// <summary>Where the REPL keeps its history; null keeps none (tests, redirected input).</summary>
    public string? HistoryPath { get; init; }

    public Interrupts Interrupts { get; } = new();

    /// <summary>The process's own console, as Program runs it.</summary>
    public static CliConsole System()
    {
        var ansi = !Console.IsOutputRedirected
            && string.IsNullOrEmpty(global::System.Environment.GetEnvironmentVariable("NO_COLOR"))
            && global::System.Environment.GetEnvironmentVariable("TERM") != "dumb";
        var home = global::System.Environment.GetFolderPath(global::System.Environment.SpecialFolder.UserProfile);
        return new CliConsole
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            InteractiveInput = !Console.IsInputRedirected,
            Ansi = ansi,
            Environment = global::System.Environment.GetEnvironmentVariable,
            HistoryPath = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".akkakv_history"),
        };
    }
}
