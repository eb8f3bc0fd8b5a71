using System.CommandLine;
using System.CommandLine.Invocation;
using AkkaKv.Cli.Commands;
using AkkaKv.Cli.Repl;

namespace AkkaKv.Cli;

/// <summary>The command line as a library: Program runs it on the process's console, tests on writers. Decides
/// between one command and the interactive shell, and is the last catch, so that no stack trace is ever printed.</summary>
public sealed class CliApp(CliConsole console)
{
    /// <summary>What one command line asks for: where to send it, what to run there (empty: the shell), or why it
    /// cannot be run at all.</summary>
    public sealed record Plan(Target Target, IReadOnlyList<string> Args, bool IsShell, string? Error);

    /// <summary>For tests: one run with these writers, no terminal, no environment and no history file.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TextReader? stdin = null) =>
        new CliApp(new CliConsole { Out = stdout, Error = stderr, In = stdin ?? TextReader.Null }).RunAsync(args);

    public async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        try
        {
            var plan = PlanFor(args, null);
            if (plan.Error is not null)
            {
                return UsageError(plan.Error);
            }

            return plan.IsShell
                ? await new Shell(this, console, plan.Target, plan.Args).RunAsync()
                : await RunCommandAsync(plan.Target, plan.Args);
        }
        catch (Exception e)
        {
            return Unexpected(e);
        }
    }

    /// <summary>Splits off the target; <paramref name="current"/> is the shell's target, else the default one.</summary>
    public Plan PlanFor(IReadOnlyList<string> args, Target? current)
    {
        var fallback = current ?? Target.Default;
        if (current is null && console.Environment("AKKAKV_ADDRESS") is { Length: > 0 } fromEnvironment)
        {
            if (!Target.TryParse(fromEnvironment, out fallback))
            {
                return new Plan(Target.Default, args, false, $"AKKAKV_ADDRESS is not an address: {fromEnvironment}");
            }
        }

        var split = LeadingTarget.From(args, CommandWords);
        var target = split.Target ?? fallback;
        return new Plan(target, split.Rest, OnlyGlobalOptions(split.Rest), split.Error);
    }

    /// <summary>Parses and runs one command against <paramref name="target"/>; Ctrl-C cancels it (see
    /// <see cref="Interrupts"/>). Never throws.</summary>
    public async Task<int> RunCommandAsync(Target target, IReadOnlyList<string> args)
    {
        try
        {
            var globals = new GlobalOptions();
            var root = CommandTree.Build(new CommandRunner(target, console, globals), globals, console);
            var parse = root.Parse(args);
            if (parse.Action is ParseErrorAction)
            {
                return CommandTree.ReportUsageError(parse, console);
            }

            var ct = console.Interrupts.Begin();
            try
            {
                // Our own Ctrl-C handling (ProcessTerminationTimeout null) and exception handling (CommandRunner).
                var invocation = new InvocationConfiguration
                {
                    Output = console.Out,
                    Error = console.Error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                };
                return await parse.InvokeAsync(invocation, ct);
            }
            finally
            {
                console.Interrupts.End();
                await console.Out.FlushAsync();
            }
        }
        catch (Exception e)
        {
            return Unexpected(e);
        }
    }

    private static IReadOnlySet<string> CommandWords { get; } = CommandTree.CommandWords(CommandTree.ForInspection());

    /// <summary><c>akkakv</c>, <c>akkakv 10.0.0.5</c> or <c>akkakv --token t</c>: nothing to run, so the shell, which
    /// applies those options to every line.</summary>
    private static bool OnlyGlobalOptions(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--json":
                    continue;
                case "--token" when i + 1 < args.Count:
                    i++;
                    continue;
                case var arg when arg.StartsWith("--token=", StringComparison.Ordinal):
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    private int UsageError(string message)
    {
        console.Error.WriteLine($"akkakv: {message}");
        console.Error.WriteLine("Run 'akkakv --help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>A bug, not a failure the user can act on differently; still one line, exit 1.</summary>
    private int Unexpected(Exception e)
    {
        console.Error.WriteLine($"akkakv: unexpected error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
        return ExitCodes.ServerError;
    }
}
