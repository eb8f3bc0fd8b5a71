using System.Diagnostics;
using System.Reflection;
using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

/// <summary>The built tool as a process: Program's console wiring (redirected stdin, exit code, stderr), which the
/// in-process tests pass around. Only processes started here are stopped here.</summary>
public class ProcessTests
{
    private static readonly string CliDll = typeof(ProcessTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CliDll").Value!;

    [Fact]
    public async Task Piped_lines_run_in_the_shell()
    {
        await using var server = await CannedServer.StartAsync();
        var (code, stdout, stderr) = await RunAsync([server.Address], "cluster show\nexit\n");
        Assert.Equal(0, code);
        Assert.Contains("Count: 3 members (3 Up)", stdout);
        Assert.StartsWith($"akkakv {server.Address}> cluster show\nADDRESS", stdout);
        Assert.Equal("", stderr);
    }

    [Fact]
    public async Task A_closed_port_exits_3_with_one_line_on_stderr()
    {
        var address = $"127.0.0.1:{ClosedPort.Next()}";
        var (code, stdout, stderr) = await RunAsync([address, "cluster", "show"], "");
        Assert.Equal(3, code);
        Assert.Equal("", stdout);
        Assert.Equal($"akkakv: cannot reach {address}: connection refused", stderr.TrimEnd());
    }

    private static async Task<(int Code, string Out, string Error)> RunAsync(string[] args, string stdin)
    {
        Assert.True(File.Exists(CliDll), $"{CliDll} is built with the tests");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test's environment must not pick the target or a token, nor write a history file.
        start.Environment.Remove("AKKAKV_ADDRESS");
        start.Environment.Remove("AKKAKV_TOKEN");

        using var process = Process.Start(start)!;
        try
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, (await stdout).ReplaceLineEndings("\n"), (await stderr).ReplaceLineEndings("\n"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
