using System.CommandLine;

namespace AkkaKv.Cli.Commands;

/// <summary>What a command's action works with: its parsed arguments, the client for the target, and where to write.</summary>
public sealed class CommandContext(ParseResult parse, Target target, CliConsole console, GlobalOptions globals) : IDisposable
{
    private ManagementClient? _client;

    public Target Target { get; } = target;

    public TextWriter Out => console.Out;

    public TextWriter Error => console.Error;

    public bool Ansi => console.Ansi;

    public bool Json => parse.GetValue(globals.Json);

    public string? Token => parse.GetValue(globals.Token) is { Length: > 0 } token ? token : console.Environment("AKKAKV_TOKEN");

    /// <summary>Made on first use, so that commands that fail on their arguments open no connection.</summary>
    public ManagementClient Client => _client ??= new ManagementClient(Target, Token);

    public T? Value<T>(Option<T> option) => parse.GetValue(option);

    public T? Value<T>(Argument<T> argument) => parse.GetValue(argument);

    /// <summary>--json: the body as the server sent it, so that <c>| jq</c> sees exactly the protocol's document.</summary>
    public int WriteJson(JsonReply reply)
    {
        Out.WriteLine(reply.Body.Trim());
        return ExitCodes.Ok;
    }

    public void Dispose() => _client?.Dispose();
}
