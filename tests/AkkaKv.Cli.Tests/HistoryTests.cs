using AkkaKv.Cli.Repl;

namespace AkkaKv.Cli.Tests;

public sealed class HistoryTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"akkakv-history-{Guid.NewGuid():N}");

    [Fact]
    public void Lines_are_saved_and_loaded_back_capped_at_the_capacity()
    {
        var history = new History(_path);
        for (var i = 0; i < History.DefaultCapacity + 10; i++)
        {
            history.Add($"kv get key-{i}");
        }

        var lines = File.ReadAllLines(_path);
        Assert.Equal(History.DefaultCapacity, lines.Length);
        Assert.Equal("kv get key-10", lines[0]);

        var reloaded = new History(_path);
        reloaded.Load();
        Assert.Equal(history.Entries, reloaded.Entries);
    }

    [Fact]
    public void Blank_lines_and_immediate_repeats_are_not_kept()
    {
        var history = new History(_path);
        history.Add("cluster show");
        history.Add("cluster show");
        history.Add("   ");
        history.Add("node");
        history.Add("cluster show");
        Assert.Equal(["cluster show", "node", "cluster show"], history.Entries);
    }

    [Fact]
    public void A_history_file_that_cannot_be_written_does_not_break_the_shell()
    {
        var directory = Directory.CreateDirectory(_path);
        var history = new History(directory.FullName);
        history.Add("node");
        history.Load();
        Assert.Equal(["node"], history.Entries);
    }

    [Theory]
    [InlineData("cluster down 10.0.0.5:4053 --token s3cret", "cluster down 10.0.0.5:4053")]
    [InlineData("--token=s3cret config set maxmemory 1mb", "config set maxmemory 1mb")]
    [InlineData("cluster leave --token 'a b' --json", "cluster leave --json")]
    [InlineData("kv put tokens --tokenless", "kv put tokens --tokenless")]
    public void A_token_on_the_line_is_not_kept(string line, string kept)
    {
        var history = new History(_path);
        history.Add(line);

        Assert.Equal([kept], history.Entries);
        Assert.DoesNotContain("s3cret", File.ReadAllText(_path), StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_history_file_is_readable_by_its_owner_only()
    {
        new History(_path).Add("node");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_path));
    }

    public void Dispose()
    {
        if (Directory.Exists(_path))
        {
            Directory.Delete(_path, recursive: true);
        }

        File.Delete(_path);
    }
}
