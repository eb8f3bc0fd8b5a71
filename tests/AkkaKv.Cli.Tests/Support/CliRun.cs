using System.Diagnostics;

namespace AkkaKv.Cli.Tests.Support;

/// <summary>One in-process run of akkakv: exit code, what it wrote on each stream, and how long it took.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, TimeSpan Elapsed)
{
    public static async Task<CliRun> RunAsync(params string[] args) => await RunAsync(args, stdin: null);

    public static async Task<CliRun> RunAsync(string[] args, string? stdin, Func<string, string?>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var console = new CliConsole
        {
            Out = stdout,
            Error = stderr,
            In = new StringReader(stdin ?? ""),
            Environment = environment ?? (_ => null),
        };
        var clock = Stopwatch.StartNew();
        var code = await new CliApp(console).RunAsync(args);
        return new CliRun(code, Normalize(stdout), Normalize(stderr), clock.Elapsed);
    }

    private static string Normalize(StringWriter writer) => writer.ToString().ReplaceLineEndings("\n");
}
