using AkkaKv.Resp.Execution;

namespace AkkaKv.Resp.Commands;

/// <summary>A container command's subcommands (CLIENT, CONFIG, COMMAND, OBJECT) and their arities, with Redis 7's errors
/// for them. Since 7.0 Redis's subcommands are commands of their own, so an unknown one is answered
/// <c>ERR unknown subcommand 'x'. Try CLIENT HELP.</c> (the name as sent, cut at 128 characters) and a known one with the
/// wrong number of arguments <c>ERR wrong number of arguments for 'client|setname' command</c>; Redis 6's single
/// "unknown subcommand or wrong number of arguments" is gone. An arity counts the command and the subcommand, and a
/// negative one is a minimum, as in COMMAND INFO.</summary>
internal sealed class Subcommands(string container, params (string Name, int Arity)[] arities)
{
    /// <summary>The subcommand, upper case, when it is one of these and has a valid number of arguments; otherwise the
    /// error is answered and null returned. The caller has checked that there is a subcommand (the container's arity).</summary>
    public string? Resolve(RespContext ctx)
    {
        var request = ctx.Request;
        var sub = request.Word(1);
        foreach (var (name, arity) in arities)
        {
            if (name != sub)
            {
                continue;
            }

            if (arity > 0 ? request.Count == arity : request.Count >= -arity)
            {
                return sub;
            }

            ctx.Error($"ERR wrong number of arguments for '{container.ToLowerInvariant()}|{name.ToLowerInvariant()}' command");
            return null;
        }

        var given = request.Text(1) ?? "?";
        ctx.Error($"ERR unknown subcommand '{(given.Length > 128 ? given[..128] : given)}'. Try {container} HELP.");
        return null;
    }
}
