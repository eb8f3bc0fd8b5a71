using System.Diagnostics;
using System.Globalization;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>A real Redis (Debian's redis-server) on 127.0.0.1, nothing saved to disk, for tests that compare AkkaKv's
/// replies with Redis's own. Stopped by its PID and its directory removed when the tests are done. A missing
/// redis-server fails the tests with how to install it (build.ps1 test installs it when it is missing).</summary>
public sealed class RedisServerProcess : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private Process? _process;

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "redis-server was not found on PATH. The conformance tests compare AkkaKv with a real Redis: install it " +
                "with 'apt-get install -y redis-server' (build.ps1 test does this when it is missing).");

        // The port is chosen here (Redis cannot report one it picked); a clash with another process fails the start below.
        Port = FreePort.Next();
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _dir.Path, "--daemonize", "no" })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} on port {Port}");
            }

            var ping = await CommandLineTool.RunAsync("redis-cli", ["-p", Port.ToString(CultureInfo.InvariantCulture), "PING"]);
            if (ping.StandardOutput.Trim() == "PONG")
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING: {ping.StandardOutput} {ping.StandardError}");
            }

            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        _dir.Dispose();
    }
}
