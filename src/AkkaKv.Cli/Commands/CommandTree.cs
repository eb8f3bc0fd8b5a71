using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace AkkaKv.Cli.Commands;

/// <summary>The whole command line: every command, the global options, <c>help</c>, and how a usage error is
/// reported. Built per command line (it is a few dozen objects), so that actions close over that line's target.</summary>
public static class CommandTree
{
    public const string Description = """
        akkakv: operate an AkkaKv cluster through a node's management endpoint (HTTP/JSON).

        host:port is the node or lighthouse to ask: host:port, host (port 9110) or [::1]:9110;
        default $AKKAKV_ADDRESS, else 127.0.0.1:9110. With no command, akkakv starts an
        interactive shell (exit, quit or Ctrl-D to leave).
        """ + "\n\n" + ExitCodes.HelpText;

    public static RootCommand Build(CommandRunner runner, GlobalOptions globals, CliConsole console)
    {
        // The target is taken off the line before parsing (LeadingTarget); the usage line shows where it goes.
        var root = new RootCommand(Description) { HelpName = "akkakv [host:port]" };
        globals.AddTo(root);
        root.Add(ClusterCommands.Build(runner));
        root.Add(ShardingCommands.Build(runner));
        root.Add(SlotsCommand.Build(runner));
        root.Add(KvCommands.Build(runner));
        foreach (var command in NodeCommands.Build(runner))
        {
            root.Add(command);
        }

        root.Add(HelpCommand(root, console));
        return root;
    }

    /// <summary>The tree with actions bound to a console that writes nowhere: for what only looks at its shape
    /// (command words, Tab completion).</summary>
    public static RootCommand ForInspection()
    {
        var quiet = new CliConsole { Out = TextWriter.Null, Error = TextWriter.Null };
        var globals = new GlobalOptions();
        return Build(new CommandRunner(Target.Default, quiet, globals), globals, quiet);
    }

    /// <summary>The words that can start a command line; anything else first is taken for an address.</summary>
    public static IReadOnlySet<string> CommandWords(Command root) =>
        root.Subcommands.SelectMany(c => c.Aliases.Prepend(c.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The subcommands named by <paramref name="words"/>, or null when one of them is not a command.</summary>
    public static Command? Find(Command root, IEnumerable<string> words)
    {
        var command = root;
        foreach (var word in words)
        {
            var next = command.Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
            if (next is null)
            {
                return null;
            }

            command = next;
        }

        return command;
    }

    /// <summary>Unknown command or bad arguments: the parser's messages, then the usage of the nearest command, all on
    /// stderr so that stdout stays empty for the script that made the mistake.</summary>
    public static int ReportUsageError(ParseResult parse, CliConsole console)
    {
        // "bogus" gives both "Unrecognized command or argument 'bogus'" and "Required command was not provided":
        // the first is the one that says what is wrong.
        var errors = parse.UnmatchedTokens.Count == 0
            ? parse.Errors
            : parse.Errors.Where(e => parse.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))).ToList();
        foreach (var error in errors.Count > 0 ? errors : parse.Errors)
        {
            console.Error.WriteLine($"akkakv: {error.Message}");
        }

        console.Error.WriteLine();
        WriteHelp(parse.RootCommandResult.Command, PathOf(parse.CommandResult), console.Error);
        return ExitCodes.Usage;
    }

    public static void WriteHelp(Command root, IReadOnlyList<string> path, TextWriter output) =>
        root.Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = output, Error = output });

    private static Command HelpCommand(RootCommand root, CliConsole console)
    {
        var words = new Argument<string[]>("command") { Description = "The command to describe, e.g. cluster show", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show help for a command (the same as <command> --help)") { words };
        help.SetAction(parse =>
        {
            var path = parse.GetValue(words) ?? [];
            if (Find(root, path) is null)
            {
                console.Error.WriteLine($"akkakv: unknown command: {string.Join(' ', path)}");
                console.Error.WriteLine();
                WriteHelp(root, [], console.Error);
                return ExitCodes.Usage;
            }

            WriteHelp(root, path, console.Out);
            return ExitCodes.Ok;
        });
        return help;
    }

    private static List<string> PathOf(CommandResult result)
    {
        var path = new List<string>();
        for (SymbolResult? r = result; r is CommandResult { Parent: not null } command; r = r.Parent)
        {
            path.Insert(0, command.Command.Name);
        }

        return path;
    }
}
