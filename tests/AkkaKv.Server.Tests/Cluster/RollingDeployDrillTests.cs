using System.Diagnostics;
using System.Globalization;
using AkkaKv.TestSupport;
using Xunit.Abstractions;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>The rolling-deploy drill: a lighthouse and three nodes on a shared PostgreSQL journal, writers and a reader
/// running through all of them, and every node replaced in turn, highest ordinal first, as a StatefulSet rolling update
/// does: SIGTERM, wait for the exit, start the node again with the same identity (remoting port, HTTP port, data
/// directory), wait for readiness, next. Nothing acknowledged may be lost and nothing may fail but retryably. What it
/// leaves out of a real rollout: the preStop hook's 5 s of serving while endpoints update (clients here call fixed
/// addresses, so they see the stop at once, the harder case) and a changed binary.
/// <para>CI runs one round; <c>dotnet pwsh ./build.ps1 rolling-drill</c> runs the full drill
/// (AKKAKV_ROLLING_ROUNDS=3 rounds, AKKAKV_ROLLING_WRITERS=8 writers).</para></summary>
[Trait("Category", "Cluster")]
[Collection(DrillCollection.Name)]
public sealed class RollingDeployDrillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NodeCount = 3;
    private static readonly TimeSpan UnavailabilityBound = TimeSpan.FromSeconds(5);

    private readonly List<TempDir> _dirs = [];
    private readonly ServerProcess?[] _nodes = new ServerProcess?[NodeCount];
    private readonly int[] _httpPorts = new int[NodeCount];
    private readonly int[] _remotePorts = new int[NodeCount];
    private PostgresDatabase? _postgres;
    private LighthouseProcess? _lighthouse;

    private static int Rounds => Setting("AKKAKV_ROLLING_ROUNDS", 1);

    private static int Writers => Setting("AKKAKV_ROLLING_WRITERS", 3);

    public async Task InitializeAsync()
    {
        _postgres = new PostgresDatabase();
        _lighthouse = await LighthouseProcess.StartAsync();
        for (var i = 0; i < NodeCount; i++)
        {
            _dirs.Add(new TempDir());
            _httpPorts[i] = FreePort.Next();
            _remotePorts[i] = FreePort.Next();
            _nodes[i] = await StartNodeAsync(i);
        }

        await SlotSpread.WaitAsync([.. _nodes.Select(n => n!)], expectedOwners: NodeCount, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }

        if (_lighthouse is not null)
        {
            await _lighthouse.DisposeAsync();
        }

        _dirs.ForEach(dir => dir.Dispose());
        _postgres?.Dispose();
    }

    [Fact]
    public async Task Replacing_every_node_in_turn_loses_no_acknowledged_write_and_fails_only_retryably()
    {
        var drill = Stopwatch.StartNew();
        using var client = new RollingClient([.. _nodes.Select(n => n!.BaseAddress)]);
        using var stop = new CancellationTokenSource();
        var loops = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => client.WriteLoopAsync(stop.Token)))
            .Append(Task.Run(() => client.ReadLoopAsync(stop.Token)))
            .ToList();
        await Task.Delay(TimeSpan.FromSeconds(3));

        for (var round = 1; round <= Rounds; round++)
        {
            for (var i = NodeCount - 1; i >= 0; i--)
            {
                var old = _nodes[i]!;
                client.Replacing(i);
                var step = Stopwatch.StartNew();
                old.Terminate();
                var exit = await old.WaitForExitAsync(TimeSpan.FromSeconds(60));
                var stopped = step.Elapsed;
                await old.DisposeAsync();
                _nodes[i] = await StartNodeAsync(i);
                client.Replacing(-1);
                output.WriteLine($"round {round}, node {i}: SIGTERM -> exit {exit} in {stopped.TotalSeconds:F1} s, " +
                                 $"new process ready {step.Elapsed.TotalSeconds:F1} s after the SIGTERM; {client.Acknowledged.Count} writes acknowledged so far");
                Assert.Equal(0, exit);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(loops);
        var lost = await client.VerifyAsync(via: 0);
        drill.Stop();

        output.WriteLine($"ROLLING DRILL: {Rounds} round(s) of {NodeCount} nodes, {Writers} writers + 1 reader, {drill.Elapsed.TotalSeconds:F0} s in all");
        output.WriteLine($"  acknowledged writes {client.Acknowledged.Count}, reads checked {client.Reads}, writes lost {lost.Count}");
        output.WriteLine($"  failed requests by kind: {client.FailuresByKind()}");
        output.WriteLine($"  longest unavailability seen by a client: {client.LongestUnavailability.TotalSeconds:F2} s ({client.LongestUnavailabilityAt})");
        foreach (var line in lost.Take(10).Concat(client.OtherFailures.Take(10)))
        {
            output.WriteLine($"  {line}");
        }

        Assert.False(client.Acknowledged.IsEmpty, "no write was acknowledged");
        Assert.Empty(lost);
        Assert.Empty(client.OtherFailures);
        Assert.True(client.LongestUnavailability < UnavailabilityBound, $"a client waited {client.LongestUnavailability.TotalSeconds:F1} s");
    }

    /// <summary>Node <paramref name="i"/> with its fixed identity: the same remoting and HTTP ports and data directory
    /// on every start, as a StatefulSet pod keeps its name and volume.</summary>
    private Task<ServerProcess> StartNodeAsync(int i) =>
        ServerProcess.StartAsync(
            _dirs[i].Path,
            $"--AkkaKv:Http:Port={_httpPorts[i]}",
            $"--AkkaKv:Remote:Port={_remotePorts[i]}",
            $"--AkkaKv:Remote:Seeds:0={_lighthouse!.Address}",
            "--AkkaKv:Journal:Provider=PostgreSql",
            $"--AkkaKv:Journal:ConnectionString={_postgres!.ConnectionString}");

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
