using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace AkkaKv.Server.Tests;

/// <summary>The real akkakv-server as a child process on 127.0.0.1 with free ports (HTTP, remoting, RESP and management);
/// killed by PID on dispose.</summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly string ServerDll = typeof(ServerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ServerDll").Value!;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Uri> _listeningOn = [];
    private readonly TaskCompletionSource<int> _respListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<int> _managementListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _respEnabled;
    private readonly bool _managementEnabled;

    private ServerProcess(Process process, bool respEnabled, bool managementEnabled)
    {
        _process = process;
        _respEnabled = respEnabled;
        _managementEnabled = managementEnabled;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The port the RESP listener bound (from "RESP listening on 127.0.0.1:PORT"); 0 when RESP is disabled.</summary>
    public int RespPort { get; private set; }

    /// <summary>The management port (from "Management listening on 127.0.0.1:PORT"); 0 when it is disabled.</summary>
    public int ManagementPort { get; private set; }

    /// <summary>The management listener's address (127.0.0.1 unless a setting names another).</summary>
    public string ManagementHost { get; private set; } = "127.0.0.1";

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    /// <summary>Starts a node on <paramref name="dataDir"/> with extra <c>--AkkaKv:Key=Value</c> settings and waits until it is ready.</summary>
    public static async Task<ServerProcess> StartAsync(string dataDir, params string[] settings)
    {
        var server = Launch(dataDir, settings);
        try
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            // The caller never gets a process to stop: stop it here.
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node without waiting (for start-up failures). RESP listens on a free port unless a setting
    /// given here names another (a later <c>--AkkaKv:Resp:Port</c> overrides the default one).</summary>
    public static ServerProcess Launch(string dataDir, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var arg in new[] { $"--AkkaKv:DataDir={dataDir}", "--AkkaKv:Http:Port=0", "--AkkaKv:Remote:Port=0", "--AkkaKv:Resp:Port=0", "--AkkaKv:Management:Port=0" }.Concat(settings))
        {
            info.ArgumentList.Add(arg);
        }

        var respEnabled = !settings.Any(s => s.Equals("--AkkaKv:Resp:Enabled=false", StringComparison.OrdinalIgnoreCase));
        var managementEnabled = !settings.Any(s => s.Equals("--AkkaKv:Management:Enabled=false", StringComparison.OrdinalIgnoreCase));
        var server = new ServerProcess(Process.Start(info)!, respEnabled, managementEnabled);
        server._process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; what was acknowledged must already be on disk.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM, as Kubernetes and systemd stop a process: the node shuts down gracefully.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        Http?.Dispose();
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(timeout));
        if (first != _listening.Task)
        {
            throw new InvalidOperationException($"the server did not start listening:\n{Output}");
        }

        BaseAddress = await _listening.Task;
        if (_respEnabled || _managementEnabled)
        {
            // Kestrel logs "Now listening on" for the RESP and management endpoints too; HTTP is the other one. Their own
            // lines come once the host has started, after every "Now listening on".
            RespPort = _respEnabled ? await WaitLineAsync(_respListening, "RESP listening on", deadline, exited) : 0;
            ManagementPort = _managementEnabled ? await WaitLineAsync(_managementListening, "Management listening on", deadline, exited) : 0;
            lock (_listeningOn)
            {
                // By address and port: a test may give HTTP and management the same port number on two addresses.
                BaseAddress = _listeningOn.First(uri => uri.Port != RespPort && !(uri.Port == ManagementPort && uri.Host == ManagementHost));
            }
        }

        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await Http.GetAsync("/healthz/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Listening socket not accepting yet.
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"the server did not become ready:\n{Output}");
    }

    /// <summary>The port of a "… listening on host:PORT" line logged once the host has started.</summary>
    private async Task<int> WaitLineAsync(TaskCompletionSource<int> line, string text, DateTime deadline, Task exited)
    {
        var left = deadline - DateTime.UtcNow;
        if (await Task.WhenAny(line.Task, exited, Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero)) != line.Task)
        {
            throw new InvalidOperationException($"the server did not log \"{text}\":\n{Output}");
        }

        return await line.Task;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            var uri = new Uri(match.Groups[1].Value);
            lock (_listeningOn)
            {
                _listeningOn.Add(uri);
            }

            _listening.TrySetResult(uri);
        }

        var resp = RespListeningLine().Match(line);
        if (resp.Success)
        {
            _respListening.TrySetResult(int.Parse(resp.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        var management = ManagementListeningLine().Match(line);
        if (management.Success)
        {
            ManagementHost = management.Groups[1].Value;
            _managementListening.TrySetResult(int.Parse(management.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://[^\s]+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"RESP listening on [^\s]*:(\d+)")]
    private static partial Regex RespListeningLine();

    [GeneratedRegex(@"Management listening on ([^\s]*):(\d+)")]
    private static partial Regex ManagementListeningLine();
}
