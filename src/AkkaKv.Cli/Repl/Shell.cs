using AkkaKv.Cli.Commands;

namespace AkkaKv.Cli.Repl;

/// <summary><c>akkakv [host:port]</c> with no command: a prompt that runs command lines against the target, as pbm's
/// interactive mode does. A line is parsed exactly as the arguments of <c>akkakv</c> would be; an error is printed
/// and the shell goes on. A line that is only an address switches the shell to it. Fed from a pipe or file, the shell
/// exits with the code of the last line that failed (0 when none did), so a script can tell.</summary>
public sealed class Shell(CliApp app, CliConsole console, Target target, IReadOnlyList<string> globalArgs)
{
    /// <summary>Completion only reads the tree's shape: one is enough for the whole session.</summary>
    private static readonly Lazy<System.CommandLine.RootCommand> Tree = new(CommandTree.ForInspection);

    private Target _target = target;
    private int _lastFailure;

    public async Task<int> RunAsync()
    {
        var history = new History(console.InteractiveInput ? console.HistoryPath : null);
        history.Load();
        ILineReader reader = console.InteractiveInput
            ? new LineEditor(new ConsoleKeyboard(), console.Out, history, CompleteLine)
            : new PlainLineReader(console.In, console.Out);

        while (reader.ReadLine($"akkakv {_target}> ") is { } line)
        {
            history.Add(line.Trim());
            if (await RunLineAsync(line) is false)
            {
                return ExitCode;
            }
        }

        // End of input: leave the terminal (or the transcript) on a fresh line.
        if (!console.InteractiveInput)
        {
            await console.Out.WriteLineAsync();
        }

        return ExitCode;
    }

    /// <summary>A person at the terminal has seen each error; a script reading the exit code has not.</summary>
    private int ExitCode => console.InteractiveInput ? ExitCodes.Ok : _lastFailure;

    /// <summary>Runs one line; false when it asks to leave.</summary>
    public async Task<bool> RunLineAsync(string line)
    {
        IReadOnlyList<string> words;
        try
        {
            words = CommandLineTokenizer.Split(line);
        }
        catch (FormatException e)
        {
            await console.Error.WriteLineAsync($"akkakv: {e.Message}");
            _lastFailure = ExitCodes.Usage;
            return true;
        }

        if (words.Count == 0)
        {
            return true;
        }

        if (words is ["exit" or "quit"])
        {
            return false;
        }

        // Lines pasted from a shell script start with the program's name.
        if (words[0] == "akkakv")
        {
            words = words.Skip(1).ToList();
        }

        var plan = app.PlanFor(words, _target);
        if (plan.Error is not null)
        {
            await console.Error.WriteLineAsync($"akkakv: {plan.Error}");
            _lastFailure = ExitCodes.Usage;
        }
        else if (plan.IsShell)
        {
            _target = plan.Target;
        }
        else
        {
            var code = await app.RunCommandAsync(plan.Target, [.. plan.Args, .. globalArgs]);
            _lastFailure = code == ExitCodes.Ok ? _lastFailure : code;
        }

        return true;
    }

    private static Completion.Result CompleteLine(string lineBeforeCursor) =>
        Completion.Complete(Tree.Value, lineBeforeCursor);
}
