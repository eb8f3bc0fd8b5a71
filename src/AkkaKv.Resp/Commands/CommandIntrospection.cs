using AkkaKv.Redis;
using AkkaKv.Resp.Execution;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Commands;

/// <summary>COMMAND [COUNT | LIST [FILTERBY …] | INFO [name …] | DOCS [name …] | GETKEYS command [arg …] | HELP]: what
/// client libraries read on connect to learn the commands, their arities and where their keys are.</summary>
internal static class CommandIntrospection
{
    private static readonly Subcommands CommandSubcommands = new("COMMAND", ("COUNT", 2), ("LIST", -2), ("INFO", -2), ("DOCS", -2), ("GETKEYS", -4), ("HELP", 2));

    public static ValueTask Run(RespContext ctx)
    {
        var request = ctx.Request;
        var w = ctx.Writer;
        if (request.Count == 1)
        {
            WriteInfos(w, CommandTable.All);
            return default;
        }

        switch (CommandSubcommands.Resolve(ctx))
        {
            case "COUNT":
                w.Number(CommandTable.All.Count);
                break;
            case "LIST":
                List(ctx);
                break;
            case "INFO" when request.Count == 2:
                WriteInfos(w, CommandTable.All); // Redis 7: no names means every command
                break;
            case "INFO":
                w.Array(request.Count - 2);
                for (var i = 2; i < request.Count; i++)
                {
                    if (CommandTable.Find(request[i]) is { } command)
                    {
                        WriteInfo(w, command);
                    }
                    else
                    {
                        w.Null(); // Redis: a null bulk string in RESP2 (null in RESP3)
                    }
                }

                break;
            case "DOCS":
                Docs(ctx);
                break;
            case "GETKEYS":
                GetKeys(ctx);
                break;
            case "HELP":
                SubcommandHelp.Write(
                    w,
                    "COMMAND",
                    ("(no subcommand)", ["Return details about all commands."]),
                    ("COUNT", ["Return the total number of commands in this server."]),
                    ("LIST [FILTERBY (MODULE <module-name>|ACLCAT <category>|PATTERN <pattern>)]", ["Return a list of all commands in this server, or those that pass the filter."]),
                    ("INFO [<command-name> ...]", ["Return details about the named commands, or all of them."]),
                    ("DOCS [<command-name> ...]", ["Return documentation details about the named commands, or all of them."]),
                    ("GETKEYS <full-command>", ["Return the keys from a full command."]));
                break;
        }

        return default;
    }

    /// <summary>LIST, or LIST FILTERBY MODULE m | ACLCAT c | PATTERN p (a glob over names, case-insensitive): there are
    /// no modules, and a command's one ACL category is its group, as COMMAND INFO shows it.</summary>
    private static void List(RespContext ctx)
    {
        var request = ctx.Request;
        Func<RespCommand, bool> keep = static _ => true;
        if (request.Count == 5 && request.Is(2, "FILTERBY"))
        {
            var argument = request.Text(4) ?? string.Empty;
            switch (request.Word(3))
            {
                case "MODULE":
                    keep = static _ => false;
                    break;
                case "ACLCAT":
                    keep = command => command.Group.Equals(argument, StringComparison.OrdinalIgnoreCase);
                    break;
                case "PATTERN":
                    var pattern = new GlobPattern(argument.ToLowerInvariant());
                    keep = command => pattern.IsMatch(command.Name.ToLowerInvariant());
                    break;
                default:
                    ctx.SyntaxError();
                    return;
            }
        }
        else if (request.Count != 2)
        {
            ctx.SyntaxError();
            return;
        }

        var names = CommandTable.All.Where(keep).Select(command => command.Name.ToLowerInvariant()).ToList();
        ctx.Writer.Array(names.Count);
        foreach (var name in names)
        {
            ctx.Writer.Bulk(name);
        }
    }

    /// <summary>DOCS [name …]: a summary and group per command; unknown names are left out, as Redis does.</summary>
    private static void Docs(RespContext ctx)
    {
        var request = ctx.Request;
        var w = ctx.Writer;
        var docs = request.Count == 2
            ? CommandTable.All.ToList()
            : [.. Enumerable.Range(2, request.Count - 2).Select(i => CommandTable.Find(request[i])).OfType<RespCommand>()];
        w.Map(docs.Count);
        foreach (var command in docs)
        {
            w.Bulk(command.Name.ToLowerInvariant());
            w.Map(3);
            w.Bulk("summary");
            w.Bulk(command.Summary);
            w.Bulk("since");
            w.Bulk("1.0.0");
            w.Bulk("group");
            w.Bulk(command.Group);
        }
    }

    /// <summary>GETKEYS command arg …: the keys of the command as given, from its key positions, with Redis's errors
    /// (config.c's <c>getKeysSubcommandImpl</c>).</summary>
    private static void GetKeys(RespContext ctx)
    {
        var request = ctx.Request;
        var given = request.Count - 2; // the command's own argument count, its name included
        if (CommandTable.Find(request[2]) is not { } command)
        {
            ctx.Error("ERR Invalid command specified");
            return;
        }

        if (command.FirstKey == 0)
        {
            ctx.Error("ERR The command has no key arguments");
            return;
        }

        if (!command.AcceptsArgumentCount(given))
        {
            ctx.Error("ERR Invalid number of arguments specified for command");
            return;
        }

        var last = command.LastKey < 0 ? given + command.LastKey : command.LastKey;
        var positions = new List<int>();
        for (var i = command.FirstKey; i <= last && i < given; i += command.Step)
        {
            positions.Add(i);
        }

        ctx.Writer.Array(positions.Count);
        foreach (var position in positions)
        {
            ctx.Writer.Bulk(request[position + 2]);
        }
    }

    private static void WriteInfos(RespWriter w, IReadOnlyCollection<RespCommand> commands)
    {
        w.Array(commands.Count);
        foreach (var command in commands)
        {
            WriteInfo(w, command);
        }
    }

    /// <summary>The classic 10-field command info reply (name, arity, flags, first key, last key, step, ACL categories,
    /// tips, key specs, subcommands) that client libraries read.</summary>
    private static void WriteInfo(RespWriter w, RespCommand command)
    {
        w.Array(10);
        w.Bulk(command.Name.ToLowerInvariant());
        w.Number(command.Arity);
        w.Set(command.Flags.Length);
        foreach (var flag in command.Flags)
        {
            w.Simple(flag);
        }

        w.Number(command.FirstKey);
        w.Number(command.LastKey);
        w.Number(command.Step);
        w.Set(1);
        w.Simple("@" + command.Group);
        w.Array(0);
        w.Array(0);
        w.Array(0);
    }
}
