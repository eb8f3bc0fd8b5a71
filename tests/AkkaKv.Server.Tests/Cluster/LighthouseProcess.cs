using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>The real akkakv-lighthouse as a child process on 127.0.0.1:<see cref="Port"/> (a fixed free port: a seed's
/// address must be known in advance), its management endpoint on <see cref="ManagementPort"/>; killed by PID on dispose.</summary>
public sealed class LighthouseProcess : IAsyncDisposable
{
    private static readonly string LighthouseDll = typeof(LighthouseProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "LighthouseDll").Value!;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(DateTime At, string Line)> _lines = [];
    private readonly TaskCompletionSource _up = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LighthouseProcess(Process process, int port, int managementPort)
    {
        _process = process;
        Port = port;
        ManagementPort = managementPort;
    }

    public int Port { get; }

    public int ManagementPort { get; }

    public int ProcessId => _process.Id;

    /// <summary>The seed address nodes are given: <c>akka.tcp://akkakv@127.0.0.1:PORT</c>.</summary>
    public string Address => $"akka.tcp://akkakv@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

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

    /// <summary>Starts a lighthouse on a free port and waits for its "lighthouse … up" line.</summary>
    public static async Task<LighthouseProcess> StartAsync()
    {
        var port = AkkaKv.TestSupport.FreePort.Next();
        var managementPort = AkkaKv.TestSupport.FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(LighthouseDll)!,
        };
        info.ArgumentList.Add(LighthouseDll);
        info.Environment["CLUSTER_IP"] = "127.0.0.1";
        info.Environment["CLUSTER_PORT"] = port.ToString(CultureInfo.InvariantCulture);
        info.Environment.Remove("CLUSTER_SEEDS");
        info.Environment["AkkaKv__Management__Port"] = managementPort.ToString(CultureInfo.InvariantCulture);

        var lighthouse = new LighthouseProcess(Process.Start(info)!, port, managementPort);
        lighthouse._process.OutputDataReceived += (_, e) => lighthouse.OnLine(e.Data);
        lighthouse._process.ErrorDataReceived += (_, e) => lighthouse.OnLine(e.Data);
        lighthouse._process.BeginOutputReadLine();
        lighthouse._process.BeginErrorReadLine();

        var first = await Task.WhenAny(lighthouse._up.Task, lighthouse._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (first != lighthouse._up.Task)
        {
            var output = lighthouse.Output;
            await lighthouse.DisposeAsync();
            throw new InvalidOperationException($"the lighthouse did not come up:\n{output}");
        }

        return lighthouse;
    }

    /// <summary>When the first line containing <paramref name="text"/> was read (the membership log: "member unreachable:
    /// ADDRESS", "member removed: ADDRESS", ...); null if none yet.</summary>
    public DateTime? FirstLineAt(string text)
    {
        lock (_output)
        {
            return _lines.Where(l => l.Line.Contains(text, StringComparison.Ordinal)).Select(l => (DateTime?)l.At).FirstOrDefault();
        }
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        return ValueTask.CompletedTask;
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
            _lines.Add((DateTime.UtcNow, line));
        }

        if (line.Contains("lighthouse akka.tcp://", StringComparison.Ordinal) && line.Contains(" up", StringComparison.Ordinal))
        {
            _up.TrySetResult();
        }
    }
}
