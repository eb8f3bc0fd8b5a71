namespace AkkaKv.Cli;

/// <summary>The exit codes scripts can rely on; <c>akkakv --help</c> lists them too.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server answered with an error (4xx/5xx), or with something that is not the protocol.</summary>
    public const int ServerError = 1;

    /// <summary>Unknown command, bad arguments or a malformed address: nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>No answer from the address: connection refused, unknown host, or a timeout.</summary>
    public const int Unreachable = 3;

    /// <summary>Ctrl-C stopped a command that is not meant to run until interrupted (128 + SIGINT, as shells do).</summary>
    public const int Interrupted = 130;

    public const string HelpText = """
        Exit codes: 0 ok (also cluster tail stopped by Ctrl-C); 1 the server answered an error;
        2 usage error; 3 cannot reach the address (refused, unknown host, timeout); 130 interrupted.
        """;
}
