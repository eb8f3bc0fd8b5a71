namespace AkkaKv.Cli.Repl;

/// <summary>The shell's past lines, for up/down: kept in <c>~/.akkakv_history</c> across sessions like a shell's,
/// capped so that the file never grows without bound. Failing to read or write it never stops the shell.</summary>
public sealed class History(string? path, int capacity = History.DefaultCapacity)
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

    /// <summary>Blank lines and a repeat of the previous line are not kept, as bash's ignoreboth does.</summary>
    public void Add(string line)
    {
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

    /// <summary>Written after every line rather than at exit: a shell closed by its terminal still keeps its history.</summary>
    private void Save()
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.WriteAllLines(path, _entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home directory must not break the shell.
        }
    }
}
