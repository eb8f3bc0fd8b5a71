using System.CommandLine;

namespace AkkaKv.Cli.Commands;

/// <summary>Binds an action to a command, and is the one place where a failed command becomes a line on stderr and
/// an exit code: no command writes its own error handling, and no stack trace reaches the user.</summary>
public sealed class CommandRunner(Target target, CliConsole console, GlobalOptions globals)
{
    public delegate Task<int> CommandAction(CommandContext context, CancellationToken ct);

    public Command Bind(Command command, CommandAction action)
    {
        command.SetAction((parse, ct) => RunAsync(parse, action, ct));
        return command;
    }

    private async Task<int> RunAsync(ParseResult parse, CommandAction action, CancellationToken ct)
    {
        using var context = new CommandContext(parse, target, console, globals);
        try
        {
            return await action(context, ct);
        }
        catch (ServerErrorException e) when (e.Status == 401 && context.Token is null)
        {
            await console.Error.WriteLineAsync($"akkakv: {e.Message} (give --token or set AKKAKV_TOKEN)");
            return e.ExitCode;
        }
        catch (CliException e)
        {
            await console.Error.WriteLineAsync($"akkakv: {e.Message}");
            return e.ExitCode;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Interrupted;
        }
    }
}
