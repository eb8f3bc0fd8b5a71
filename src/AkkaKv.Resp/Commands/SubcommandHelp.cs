using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Commands;

/// <summary>The reply to <c>CLIENT HELP</c>, <c>CONFIG HELP</c>, <c>COMMAND HELP</c> and <c>OBJECT HELP</c>, which
/// their errors point to: Redis's layout (an array of status lines: a usage line, each subcommand with its description
/// indented below it, and HELP last), listing the subcommands this server takes.</summary>
internal static class SubcommandHelp
{
    /// <param name="subcommands">Each subcommand's usage and its description's lines.</param>
    public static void Write(RespWriter writer, string command, params (string Usage, string[] Description)[] subcommands)
    {
        var lines = new List<string> { $"{command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:" };
        foreach (var (usage, description) in subcommands.Append(("HELP", ["Prints this help."])))
        {
            lines.Add(usage);
            lines.AddRange(description.Select(line => "    " + line));
        }

        writer.Array(lines.Count);
        foreach (var line in lines)
        {
            writer.Simple(line);
        }
    }
}
