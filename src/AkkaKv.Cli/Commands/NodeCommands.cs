using System.CommandLine;
using System.Text.Json;
using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Commands;

/// <summary><c>node</c>, <c>stats</c> and <c>config get|set</c>: the target process itself rather than the cluster.</summary>
public static class NodeCommands
{
    public static IEnumerable<Command> Build(CommandRunner runner)
    {
        yield return runner.Bind(new Command("node", "Who answers: node or lighthouse, address, roles, version, ports"),
            (c, ct) => FlattenedAsync(c, "/v1/admin/node", ct));
        yield return runner.Bind(new Command("stats", "The node's counters as name: value lines (keys, RESP clients, memory)"),
            (c, ct) => FlattenedAsync(c, "/v1/admin/stats", ct));
        yield return Config(runner);
    }

    private static Command Config(CommandRunner runner)
    {
        var config = new Command("config", "Runtime settings, the same as RESP CONFIG GET/SET on the node");

        var getName = new Argument<string?>("name") { Description = "Print only this setting's value", Arity = ArgumentArity.ZeroOrOne };
        config.Add(runner.Bind(new Command("get", "List the settings, or print one's value") { getName },
            (c, ct) => GetAsync(c, c.Value(getName), ct)));

        var setName = new Argument<string>("name") { Description = "The setting, e.g. maxmemory-policy" };
        var setValue = new Argument<string>("value") { Description = "Its new value" };
        config.Add(runner.Bind(new Command("set", "Change a setting (a bad value changes nothing)") { setName, setValue },
            (c, ct) => SetAsync(c, c.Value(setName)!, c.Value(setValue)!, ct)));
        return config;
    }

    private static async Task<int> FlattenedAsync(CommandContext c, string path, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync(path, ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        Flattened.Write(c.Out, reply.Root);
        return ExitCodes.Ok;
    }

    private static async Task<int> GetAsync(CommandContext c, string? name, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/config", ct);
        var settings = reply.Root.Array("settings").ToList();
        if (name is null)
        {
            if (c.Json)
            {
                return c.WriteJson(reply);
            }

            var table = new Table("name", "value", "writable");
            foreach (var setting in settings)
            {
                table.AddRow(setting.Display("name"), setting.Display("value"), setting.Get("writable").ValueKind == JsonValueKind.True ? "yes" : "no");
            }

            table.Write(c.Out, c.Ansi);
            return ExitCodes.Ok;
        }

        // The protocol lists all settings; one is picked here, matched as RESP's CONFIG GET does (case-insensitively).
        var match = settings.FirstOrDefault(s => string.Equals(s.TextOf("name"), name, StringComparison.OrdinalIgnoreCase));
        if (match.ValueKind == JsonValueKind.Undefined)
        {
            throw new CliException(ExitCodes.ServerError, $"unknown setting: {name}");
        }

        await c.Out.WriteLineAsync(c.Json ? match.GetRawText() : match.Display("value"));
        return ExitCodes.Ok;
    }

    private static async Task<int> SetAsync(CommandContext c, string name, string value, CancellationToken ct)
    {
        var reply = await c.Client.PutJsonAsync($"/v1/admin/config/{Uri.EscapeDataString(name)}", JsonBody.Of(("value", value)), ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        await c.Out.WriteLineAsync($"{reply.Root.TextOf("name") ?? name}: {reply.Root.Display("value")}");
        return ExitCodes.Ok;
    }
}
