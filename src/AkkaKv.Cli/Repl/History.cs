namespace AkkaKv.Cli.Repl;

/// <summary>The shell's past lines, for up/down: kept in <c>~/.akkakv_history</c> across sessions like a shell's,
/// capped so that the file never grows without bound. Failing to read or write it never stops the shell.</summary>
public sealed partial class History(string? path, int capacity = History.DefaultCapacity)
{
    public const int DefaultCapacity = 500;

    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Entries => _entries;

    public void Load()
    {
        if (path is null || !File.Exists(path))
        {
            return;
        }

        try
        {
            _entries.Clear();
            _entries.AddRange(File.ReadLines(path).Where(l => l.Length > 0).TakeLast(capacity));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A history that cannot be read is an empty one.
        }
    }

    /// <summary>Blank lines and a repeat of the previous line are not kept, as bash's ignoreboth does; a token given
    /// on the line is left out (the file outlives the session).</summary>
    public void Add(string line)
    {
        line = WithoutToken(line);
        if (string.IsNullOrWhiteSpace(line) || line.Contains('\n') || (_entries.Count > 0 && _entries[^1] == line))
        {
            return;
        }

        _entries.Add(line);
        if (_entries.Count > capacity)
        {
            _entries.RemoveRange(0, _entries.Count - capacity);
        }

        Save();
    }

    /// <summary>The line without <c>--token VALUE</c> / <c>--token=VALUE</c>: recalled, it runs with the token of the
    /// environment (<c>AKKAKV_TOKEN</c>) or of the shell's own options instead.</summary>
    public static string WithoutToken(string line) =>
        TokenOption().Replace(line, string.Empty).Trim();

    [System.Text.RegularExpressions.GeneratedRegex("""(^|\s)--token(=|\s+)("[^"]*"|'[^']*'|\S+)""")]
    private static partial System.Text.RegularExpressions.Regex TokenOption();

    /// <summary>Written after every line rather than at exit: a shell closed by its terminal still keeps its history.
    /// Readable by its owner only, as bash's is by default on most systems.</summary>
    private void Save()
    {
        if (path is null)
        {
            return;
        }

        try
        {
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, options);
            foreach (var entry in _entries)
            {
                writer.WriteLine(entry);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home directory must not break the shell.
        }
    }
}
