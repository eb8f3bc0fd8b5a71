namespace AkkaKv.Cli;

/// <summary>A command that failed in a way the user should read as one line on stderr (prefixed <c>akkakv: </c>)
/// with a given exit code. Anything else that escapes a command is a bug, and is still reported as one line.</summary>
public class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public static CliException Usage(string message) => new(ExitCodes.Usage, message);

    public static CliException Unreachable(Target target, string reason) =>
        new(ExitCodes.Unreachable, $"cannot reach {target}: {reason}");

    public static CliException UnexpectedResponse(Target target, string what) =>
        new(ExitCodes.ServerError, $"unexpected response from {target}: {what}");
}
