using System.Diagnostics;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>Runs redis-cli / redis-benchmark (Debian's redis-tools) as processes. A missing tool fails the test with
/// how to install it: these checks must not pass silently on a machine without them.</summary>
public static class CommandLineTool
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        var path = Find(tool) ?? throw new InvalidOperationException(
            $"{tool} was not found on PATH. The RESP integration tests need Debian's redis-tools: " +
            "install it with 'apt-get install -y redis-tools' (build.ps1 test does this when it is missing).");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{tool} {string.Join(' ', info.ArgumentList)} did not finish in time:\n{await stdout}\n{await stderr}");
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    private static string? Find(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, tool))
        .FirstOrDefault(File.Exists);
}
