using System.Collections.Concurrent;
using System.Net;
using System.Text;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests;

/// <summary>SIGKILL a node while it is taking writes, restart it on the same data, and find every acknowledged write —
/// on the embedded SQLite journal and on PostgreSQL, through the same code.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly TempDir _dir = new();
    private PostgresDatabase? _postgres;

    public void Dispose()
    {
        _postgres?.Dispose();
        _dir.Dispose();
    }

    private string[] JournalSettings(string provider)
    {
        if (provider == "sqlite")
        {
            return [];
        }

        _postgres ??= new PostgresDatabase();
        return ["--AkkaKv:Journal:Provider=PostgreSql", $"--AkkaKv:Journal:ConnectionString={_postgres.ConnectionString}"];
    }

    [Theory]
    [InlineData("sqlite", "SIGKILL")]
    [InlineData("sqlite", "SIGTERM")]
    [InlineData("postgresql", "SIGKILL")]
    public async Task Every_acknowledged_write_survives_a_stop_mid_load(string provider, string signal)
    {
        var settings = JournalSettings(provider);
        var acked = new ConcurrentDictionary<string, string>();
        long counterVersion = 0;

        await using (var server = await ServerProcess.StartAsync(_dir.Path, settings))
        {
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    // Each writer rewrites its own few keys, so both creates and overwrites are checked.
                    var key = $"dur/{w}/{i % 50}";
                    var value = $"w{w}-i{i}";
                    try
                    {
                        using var response = await server.Http.PutAsync($"/v1/kv/{key}", new StringContent(value, Encoding.UTF8));
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            acked[key] = value;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // the node was killed: this write was never acknowledged
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();

            var counter = Task.Run(async () =>
            {
                // A compare-and-swap chain: each acknowledged step must survive, so the version only moves forward.
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await server.Http.PutAsync(
                            $"/v1/kv/dur/counter?prevVersion={Interlocked.Read(ref counterVersion)}", new StringContent("c"));
                        if (response.StatusCode != HttpStatusCode.OK)
                        {
                            return;
                        }

                        Interlocked.Increment(ref counterVersion);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(3));
            if (signal == "SIGTERM")
            {
                server.Terminate();
                await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            else
            {
                server.Kill();
            }

            stop.Cancel();
            await Task.WhenAll(writers.Append(counter));
        }

        Assert.True(acked.Count > 100, $"only {acked.Count} keys were acknowledged before the kill");

        await using (var restarted = await ServerProcess.StartAsync(_dir.Path, settings))
        {
            var missing = new List<string>();
            foreach (var (key, value) in acked)
            {
                using var response = await restarted.Http.GetAsync($"/v1/kv/{key}");
                var body = await response.Content.ReadAsStringAsync();
                // The acknowledged value, or a later write to the same key that was in flight at the kill.
                if (response.StatusCode != HttpStatusCode.OK || !SameWriterNotOlder(body, value))
                {
                    missing.Add($"{key}={value}: {(int)response.StatusCode} {body}");
                }
            }

            Assert.Empty(missing);
            var counterEntry = await HttpAssert.Json(await restarted.Http.GetAsync("/v1/kv/dur/counter"), HttpStatusCode.OK);
            Assert.True(counterEntry.GetProperty("version").GetInt64() >= Interlocked.Read(ref counterVersion));
        }
    }

    [Fact]
    public async Task A_node_refuses_to_start_on_data_written_with_another_slot_count()
    {
        await using (var first = await ServerProcess.StartAsync(_dir.Path))
        {
            await HttpAssert.Json(await first.Http.PutAsync("/v1/kv/guard", new StringContent("v")), HttpStatusCode.OK);
        }

        await AssertRefusesToStart("was written with 1024 slots", "--AkkaKv:SlotCount=512");
    }

    [Fact]
    public Task A_node_with_a_private_sqlite_journal_refuses_to_join_a_cluster() =>
        AssertRefusesToStart("needs a journal every node reaches", "--AkkaKv:Remote:Seeds:0=akka.tcp://akkakv@127.0.0.1:4999");

    [Fact]
    public async Task A_node_whose_remoting_port_is_taken_refuses_to_start_in_one_line()
    {
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
            // Akka logs the bind failure with its stack trace first; the process still ends with the one line (it used
            // to abort with exit code 134 and an unhandled AggregateException).
            await AssertRefusesToStart($"akkakv-server: cannot start: Failed to bind to [127.0.0.1:{port}]: Address already in use", $"--AkkaKv:Remote:Port={port}");
        }
        finally
        {
            taken.Stop();
        }
    }

    [Fact]
    public async Task A_node_with_an_unknown_downing_strategy_refuses_to_start_in_one_line()
    {
        await AssertRefusesToStart("akkakv-server: cannot start: AkkaKv:Cluster:DowningStrategy 'auto-down'", "--AkkaKv:Cluster:DowningStrategy=auto-down");
    }

    /// <summary>The node exits with 1 and says why in its output.</summary>
    private async Task AssertRefusesToStart(string reason, params string[] settings)
    {
        await using var node = ServerProcess.Launch(_dir.Path, settings);
        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(1, exitCode);
        Assert.Contains(reason, node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_mode_keeps_data_in_memory_only()
    {
        await using (var cache = await ServerProcess.StartAsync(_dir.Path, "--AkkaKv:Mode=Cache"))
        {
            await HttpAssert.Json(await cache.Http.PutAsync("/v1/kv/c", new StringContent("v")), HttpStatusCode.OK);
            await HttpAssert.Json(await cache.Http.GetAsync("/v1/kv/c"), HttpStatusCode.OK);
            cache.Kill();
        }

        Assert.False(File.Exists(Path.Combine(_dir.Path, "akkakv.db")), "cache mode must not write a journal");
        await using var restarted = await ServerProcess.StartAsync(_dir.Path, "--AkkaKv:Mode=Cache");
        await HttpAssert.Error(await restarted.Http.GetAsync("/v1/kv/c"), HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>Values are "w{writer}-i{iteration}": the stored one must be the acknowledged one or a later iteration.</summary>
    private static bool SameWriterNotOlder(string body, string ackedValue)
    {
        var stored = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("value").GetString()!;
        var (writer, iteration) = Parse(ackedValue);
        var (storedWriter, storedIteration) = Parse(stored);
        return writer == storedWriter && storedIteration >= iteration;

        static (string Writer, int Iteration) Parse(string v)
        {
            var dash = v.IndexOf("-i", StringComparison.Ordinal);
            return (v[..dash], int.Parse(v[(dash + 2)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
