using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Tests;

/// <summary>
/// SIGKILL a writer in the middle of group commits, then reopen the file: every event the journal acknowledged
/// must be there, and every AtomicWrite (3 events) must be whole, i.e. each actor holds exactly 1..3k.
/// </summary>
public sealed class SqliteCrashRecoveryTests : IDisposable
{
    private readonly SqliteTestDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Acknowledged_writes_survive_sigkill_and_atomic_writes_stay_whole()
    {
        var acked = new List<(string Pid, long Seq)>();
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writerDll = Path.Combine(AppContext.BaseDirectory, "AkkaKv.Persistence.Tests.Writer.dll");
        using var process = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", [writerDll, _database.FilePath])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            var parts = e.Data.Split(' ');
            if (parts.Length == 2 && long.TryParse(parts[1], out var seq))
            {
                lock (acked)
                {
                    acked.Add((parts[0], seq));
                    if (acked.Count >= 3000)
                    {
                        enough.TrySetResult();
                    }
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();

        var finished = await Task.WhenAny(enough.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        Assert.True(finished == enough.Task, $"writer did not ack 3000 events in time: {(process.HasExited ? await stderr : "still running")}");
        process.Kill(); // SIGKILL on Unix: no shutdown hooks, the journal is cut off mid-batch
        await process.WaitForExitAsync();

        List<(string Pid, long Seq)> ackedCopy;
        lock (acked)
        {
            ackedCopy = [.. acked];
        }

        var stored = ReadStored();
        foreach (var (pid, seq) in ackedCopy)
        {
            Assert.True(stored.TryGetValue(pid, out var seqs) && seqs.Contains(seq), $"acknowledged {pid}/{seq} is missing after SIGKILL");
        }

        foreach (var (pid, seqs) in stored)
        {
            Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long)i), seqs.Order());
            Assert.True(seqs.Count % 3 == 0, $"{pid} holds {seqs.Count} events: an AtomicWrite of 3 was torn");
        }

        // A journal opened on the file finds the same events and highest numbers through its index.
        Sql.SqliteDialect.Instance.EnsureJournalSchema(_database.Options.ConnectionString);
        var index = Blocks.JournalIndex.For(_database.Options.ConnectionString);
        foreach (var (pid, seqs) in stored)
        {
            Assert.Equal(seqs.Max(), index.HighestSequenceNr(pid));
            Assert.Equal(seqs.Order(), index.Locate(pid, 1, long.MaxValue, long.MaxValue).Select(e => e.SequenceNr));
        }

        Blocks.JournalIndex.Forget(_database.Options.ConnectionString, Blocks.JournalIndex.For(_database.Options.ConnectionString));
    }

    private Dictionary<string, List<long>> ReadStored()
    {
        using var connection = new SqliteConnection($"Data Source={_database.FilePath}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM akkakv_journal_blocks";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, List<long>>();
        while (reader.Read())
        {
            foreach (var (pid, seq, _, _) in Blocks.BlockFormat.Records((byte[])reader.GetValue(0)))
            {
                if (!result.TryGetValue(pid, out var list))
                {
                    result[pid] = list = [];
                }

                list.Add(seq);
            }
        }

        return result;
    }
}
