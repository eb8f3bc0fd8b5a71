using System.CommandLine;

namespace AkkaKv.Cli.Commands;

/// <summary>The options every command takes, declared once on the root (recursive), so that they may come anywhere
/// on the line: <c>akkakv cluster show --json</c> and <c>akkakv --json cluster show</c> alike.</summary>
public sealed class GlobalOptions
{
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's JSON response as it is (one document; one object per line for cluster tail)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for commands that change something [default: $AKKAKV_TOKEN]",
        HelpName = "token",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Add(Json);
        root.Add(Token);
    }
}
