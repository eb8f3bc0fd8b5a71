using System.Globalization;
using System.Text.RegularExpressions;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>redis-cli, as a person or a script would use it, against a real node: the reply formats it prints for
/// RESP2 and for RESP3 (<c>-3</c>) are the ones a Redis 7 server gives, and the exact bytes behind them too.</summary>
public sealed partial class RedisCliTests(StoreRespNode node) : IClassFixture<StoreRespNode>
{
    private const string UnknownCommand = "(error) ERR unknown command 'foo', with args beginning with: 'a' 'b c' ";

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Key(string name) => $"cli:{_id}:{name}";

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Nil_integers_strings_and_errors(int protocol)
    {
        Assert.Equal("(nil)", await Cli(protocol, "GET", Key("missing")));
        Assert.Equal("OK", await Cli(protocol, "SET", Key("s"), "hello world"));
        Assert.Equal("\"hello world\"", await Cli(protocol, "GET", Key("s")));
        Assert.Equal("(integer) 1", await Cli(protocol, "INCR", Key("n")));
        Assert.Equal("(integer) -4", await Cli(protocol, "DECRBY", Key("n"), "5"));
        Assert.Equal("(integer) 0", await Cli(protocol, "EXISTS", Key("missing")));
        Assert.Equal("(integer) -2", await Cli(protocol, "TTL", Key("missing")));
        Assert.Equal("(integer) -1", await Cli(protocol, "TTL", Key("s")));
        Assert.Equal("PONG", await Cli(protocol, "PING"));

        Assert.Equal(UnknownCommand, await Cli(protocol, "foo", "a", "b c"));
        Assert.Equal("(error) ERR wrong number of arguments for 'get' command", await Cli(protocol, "GET"));
        Assert.Equal("(error) ERR wrong number of arguments for 'set' command", await Cli(protocol, "set", Key("x")));
        Assert.Equal("(error) ERR syntax error", await Cli(protocol, "SET", Key("s"), "v", "NOSUCHOPTION"));
        Assert.Equal("(error) ERR value is not an integer or out of range", await Cli(protocol, "INCR", Key("s")));
        Assert.Equal("(error) ERR invalid expire time in 'set' command", await Cli(protocol, "SET", Key("s"), "v", "EX", "0"));

        // None of the refused commands changed anything.
        Assert.Equal("\"hello world\"", await Cli(protocol, "GET", Key("s")));
        Assert.Equal("(integer) 0", await Cli(protocol, "EXISTS", Key("x")));
    }

    [Fact]
    public async Task Hello_3_replies_a_map_and_hello_2_a_flat_array()
    {
        var hello3 = Lines(await Cli(3, "HELLO", "3"));
        Assert.Equal("1# \"server\" => \"redis\"", hello3[0]);
        Assert.Equal("2# \"version\" => \"7.2.0\"", hello3[1]);
        Assert.Equal("3# \"proto\" => (integer) 3", hello3[2]);
        Assert.Matches(@"^4# ""id"" => \(integer\) \d+$", hello3[3]);
        Assert.Equal(["5# \"mode\" => \"standalone\"", "6# \"role\" => \"master\"", "7# \"modules\" => (empty array)"], hello3[4..]);

        var hello2 = Lines(await Cli(2, "HELLO", "2"));
        Assert.Equal(14, hello2.Length);
        Assert.Equal([" 1) \"server\"", " 2) \"redis\"", " 3) \"version\"", " 4) \"7.2.0\"", " 5) \"proto\"", " 6) (integer) 2"], hello2[..6]);
        Assert.Equal("14) (empty array)", hello2[13]);

        Assert.Equal("(error) NOPROTO unsupported protocol version", await Cli(2, "HELLO", "4"));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Multi_exec_prints_queued_and_then_every_reply(int protocol)
    {
        var tag = $"{{cli:{_id}}}";
        var output = await CliScript(protocol, $"""
            MULTI
            SET {tag}a 1
            INCR {tag}a
            GET {tag}a
            GET {tag}missing
            EXEC
            """);
        Assert.Equal(["OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "1) OK", "2) (integer) 2", "3) \"2\"", "4) (nil)"], Lines(output));

        var aborted = await CliScript(protocol, $"""
            MULTI
            SET {tag}b 1
            GET
            EXEC
            GET {tag}b
            """);
        Assert.Equal(
            ["OK", "QUEUED", "(error) ERR wrong number of arguments for 'get' command",
             "(error) EXECABORT Transaction discarded because of previous errors.", "(nil)"],
            Lines(aborted));

        // Fixed hash tags, so the two keys are in different slots on every run (only the tag is hashed).
        var (slot1, slot2) = ($"{{a}}cli:{_id}", $"{{b}}cli:{_id}");
        var crossSlot = await CliScript(protocol, $"""
            MULTI
            SET {slot1} 1
            SET {slot2} 2
            EXEC
            """);
        Assert.Equal(["OK", "QUEUED", "QUEUED", "(error) CROSSSLOT Keys in request don't hash to the same slot"], Lines(crossSlot));

        // One command's keys in two slots: refused when queued, as Redis Cluster does, so nothing of it runs.
        var crossSlotCommand = await CliScript(protocol, $"""
            MULTI
            SET {slot1}q 1
            MSET {slot1}m 1 {slot2}m 2
            EXEC
            EXISTS {slot1}q
            """);
        Assert.Equal(
            ["OK", "QUEUED", "(error) CROSSSLOT Keys in request don't hash to the same slot",
             "(error) EXECABORT Transaction discarded because of previous errors.", "(integer) 0"],
            Lines(crossSlotCommand));

        Assert.Equal(["(error) ERR EXEC without MULTI", "(error) ERR DISCARD without MULTI"], Lines(await CliScript(protocol, "EXEC\nDISCARD")));

        // PING, ECHO and UNWATCH touch no key: queued like Redis, answered in their place, with or without key commands.
        var keyless = await CliScript(protocol, $"""
            MULTI
            PING
            SET {tag}c 5
            ECHO hi
            UNWATCH
            PING there
            EXEC
            MULTI
            PING
            EXEC
            """);
        Assert.Equal(
            ["OK", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "1) PONG", "2) OK", "3) \"hi\"", "4) OK", "5) \"there\"", "OK", "QUEUED", "1) PONG"],
            Lines(keyless));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Info_has_the_sections_tools_read(int protocol)
    {
        await Cli(protocol, "SET", Key("k"), "v");
        var info = await Cli(protocol, "INFO");
        foreach (var section in new[] { "Server", "Clients", "Memory", "Stats", "Keyspace", "Replication", "Persistence", "CPU", "Cluster" })
        {
            Assert.Matches($"# {section}\\r?\\n", info);
        }

        Assert.Matches(@"run_id:[0-9a-f]{40}\r?\n", info);
        Assert.Matches(@"cluster_enabled:0\r?\n", info);

        Assert.Contains("redis_version:7.2.0", info, StringComparison.Ordinal);
        Assert.Contains("role:master", info, StringComparison.Ordinal);
        Assert.Matches(@"connected_clients:[1-9]\d*", info);
        Assert.Matches(@"db0:keys=[1-9]\d*,expires=\d+", info);

        var replication = await Cli(protocol, "INFO", "replication");
        Assert.StartsWith("# Replication", replication, StringComparison.Ordinal);
        Assert.DoesNotContain("# Server", replication, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Command_count_matches_command_list(int protocol)
    {
        var count = IntegerReply().Match(await Cli(protocol, "COMMAND", "COUNT"));
        Assert.True(count.Success);
        var names = Lines(await Cli(protocol, "COMMAND", "LIST")).Select(l => ListItem().Match(l).Groups[1].Value).ToList();
        Assert.Equal(int.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture), names.Count);
        Assert.Superset(new HashSet<string> { "get", "set", "incr", "mset", "multi", "exec", "ping", "info", "config", "command" }, names.ToHashSet());
    }

    [Fact]
    public async Task Config_get_maxmemory()
    {
        Assert.Equal(["1) \"maxmemory\"", "2) \"0\""], Lines(await Cli(2, "CONFIG", "GET", "maxmemory")));
        Assert.Equal("1# \"maxmemory\" => \"0\"", await Cli(3, "CONFIG", "GET", "maxmemory"));
        Assert.Equal("(empty array)", await Cli(2, "CONFIG", "GET", "no-such-parameter"));
    }

    /// <summary>The HELP their errors point to exists, in Redis's layout (status lines, HELP last).</summary>
    [Theory]
    [InlineData("CLIENT")]
    [InlineData("CONFIG")]
    [InlineData("COMMAND")]
    [InlineData("OBJECT")]
    public async Task Subcommand_help_answers(string command)
    {
        var lines = Lines(await Cli(2, command, "HELP")).Select(l => l.TrimStart()).ToArray(); // redis-cli pads " 1)" past 9 lines
        Assert.Equal($"1) {command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", lines[0]);
        Assert.EndsWith(") HELP", lines[^2], StringComparison.Ordinal);
        Assert.EndsWith(")     Prints this help.", lines[^1], StringComparison.Ordinal);
    }

    /// <summary>Every setting CONFIG SET takes reads back through CONFIG GET (they once set values nobody could read).</summary>
    [Fact]
    public async Task Config_get_lists_every_setting_config_set_takes()
    {
        var names = Lines(await Cli(2, "CONFIG", "GET", "*")).Where((_, i) => i % 2 == 0).Select(l => ListItem().Match(l).Groups[1].Value);
        Assert.Superset(new HashSet<string> { "maxmemory", "maxmemory-policy", "maxmemory-samples", "maxmemory-keys", "lfu-log-factor", "lfu-decay-time" }, names.ToHashSet());

        var before = Lines(await Cli(2, "CONFIG", "GET", "maxmemory-samples"));
        Assert.Equal("OK", await Cli(2, "CONFIG", "SET", "maxmemory-samples", "7"));
        try
        {
            Assert.Equal(["1) \"maxmemory-samples\"", "2) \"7\""], Lines(await Cli(2, "CONFIG", "GET", "maxmemory-samples")));
        }
        finally
        {
            Assert.Equal("OK", await Cli(2, "CONFIG", "SET", "maxmemory-samples", ListItem().Match(before[1]).Groups[1].Value));
        }
    }

    /// <summary>CLIENT LIST's filters: by id and by type (every client here is a normal one), on the raw reply (a bulk
    /// string of one line per client, empty when none is listed).</summary>
    [Fact]
    public async Task Client_list_filters_by_id_and_type()
    {
        await using var other = await RawRespClient.ConnectAsync(node.Port);
        await other.CommandAsync("CLIENT", "SETNAME", "the-other");
        var otherId = (await other.CommandAsync("CLIENT", "ID")).Trim().TrimStart(':');
        await using var client = await RawRespClient.ConnectAsync(node.Port);

        var byId = await client.CommandAsync("CLIENT", "LIST", "ID", otherId, "999999999");
        Assert.Single(ClientLines(byId));
        Assert.StartsWith($"id={otherId} ", ClientLines(byId)[0], StringComparison.Ordinal);
        Assert.Contains(" name=the-other ", byId, StringComparison.Ordinal);
        Assert.Equal("$0\r\n\r\n", await client.CommandAsync("CLIENT", "LIST", "ID", "999999999"));

        var normal = ClientLines(await client.CommandAsync("CLIENT", "LIST", "TYPE", "normal"));
        Assert.Contains(normal, line => line.StartsWith($"id={otherId} ", StringComparison.Ordinal));
        Assert.True(normal.Length >= 2, string.Join("\n", normal)); // the other and this one, at least
        Assert.Equal("$0\r\n\r\n", await client.CommandAsync("CLIENT", "LIST", "TYPE", "pubsub"));
        Assert.Equal("-ERR Unknown client type 'robots'\r\n", await client.CommandAsync("CLIENT", "LIST", "TYPE", "robots"));
    }

    private static string[] ClientLines(string bulk) =>
        bulk.Split("\r\n", 2)[1].Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(line => line.StartsWith("id=", StringComparison.Ordinal)).ToArray();

    [Fact]
    public async Task Command_list_filters_and_getkeys_finds_keys()
    {
        var matching = Lines(await Cli(2, "COMMAND", "LIST", "FILTERBY", "PATTERN", "getr*")).Select(l => ListItem().Match(l).Groups[1].Value);
        Assert.Equal(["getrange"], matching);
        var strings = Lines(await Cli(2, "COMMAND", "LIST", "FILTERBY", "ACLCAT", "string")).Select(l => ListItem().Match(l).Groups[1].Value).ToHashSet();
        Assert.Superset(new HashSet<string> { "get", "set", "incr", "append" }, strings);
        Assert.DoesNotContain("del", strings);
        Assert.Equal("(empty array)", await Cli(2, "COMMAND", "LIST", "FILTERBY", "MODULE", "json"));

        Assert.Equal(["1) \"a\"", "2) \"b\""], Lines(await Cli(2, "COMMAND", "GETKEYS", "MSET", "a", "1", "b", "2")));
        Assert.Equal(["1) \"k\""], Lines(await Cli(2, "COMMAND", "GETKEYS", "OBJECT", "ENCODING", "k")));
    }

    /// <summary>What redis-cli shows as "(nil)" or a map is different bytes in RESP2 and RESP3; these are Redis's.</summary>
    [Fact]
    public async Task Reply_bytes_of_resp2_and_resp3()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        await client.CommandAsync("SET", Key("v"), "42");

        Assert.Equal("$-1\r\n", await client.CommandAsync("GET", Key("missing")));
        Assert.Equal("$2\r\n42\r\n", await client.CommandAsync("GET", Key("v")));
        Assert.Equal(":43\r\n", await client.CommandAsync("INCR", Key("v")));
        Assert.Equal("*2\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", await client.CommandAsync("CONFIG", "GET", "maxmemory"));
        Assert.StartsWith("$", await client.CommandAsync("INFO", "server"), StringComparison.Ordinal);
        Assert.Equal("-ERR wrong number of arguments for 'get' command\r\n", await client.CommandAsync("GET"));
        Assert.Equal("*2\r\n$2\r\n43\r\n$-1\r\n", await client.CommandAsync("MGET", Key("v"), Key("missing")));
        Assert.Equal("-ERR EXEC without MULTI\r\n", await client.CommandAsync("EXEC"));
        Assert.Equal("*1\r\n$-1\r\n", await client.CommandAsync("COMMAND", "INFO", "nosuch")); // redis-cli shows both nulls alike
        Assert.Equal("*2\r\n$1\r\n0\r\n*0\r\n", await client.CommandAsync("SCAN", "-1")); // strtoul's 2^64 - 1: past the end

        Assert.StartsWith("%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n", await client.CommandAsync("HELLO", "3"), StringComparison.Ordinal);
        Assert.Equal("_\r\n", await client.CommandAsync("GET", Key("missing")));
        Assert.Equal("$2\r\n43\r\n", await client.CommandAsync("GET", Key("v")));
        Assert.Equal("%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", await client.CommandAsync("CONFIG", "GET", "maxmemory"));
        Assert.StartsWith("=", await client.CommandAsync("INFO", "server"), StringComparison.Ordinal);
        Assert.Contains("\r\ntxt:# Server\r\n", await client.CommandAsync("INFO", "server"), StringComparison.Ordinal);
        Assert.Equal("*2\r\n$2\r\n43\r\n_\r\n", await client.CommandAsync("MGET", Key("v"), Key("missing")));
        Assert.Equal("*1\r\n_\r\n", await client.CommandAsync("COMMAND", "INFO", "nosuch"));
        Assert.Equal(":1\r\n", await client.CommandAsync("EXISTS", Key("v")));
    }

    private async Task<string> Cli(int protocol, params string[] command)
    {
        var result = await CommandLineTool.RunAsync("redis-cli", Arguments(protocol).Concat(command));
        Assert.True(result.ExitCode == 0, $"redis-cli {string.Join(' ', command)} exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput.TrimEnd('\n');
    }

    private async Task<string> CliScript(int protocol, string script)
    {
        var result = await CommandLineTool.RunAsync("redis-cli", Arguments(protocol), script.ReplaceLineEndings("\n") + "\n");
        Assert.True(result.ExitCode == 0, $"redis-cli exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput.TrimEnd('\n');
    }

    private string[] Arguments(int protocol) =>
        protocol == 3 ? ["-3", "-p", node.Port.ToString(CultureInfo.InvariantCulture), "--no-raw"] : ["-p", node.Port.ToString(CultureInfo.InvariantCulture), "--no-raw"];

    private static string[] Lines(string output) => output.Split('\n');

    [GeneratedRegex(@"^\(integer\) (\d+)$")]
    private static partial Regex IntegerReply();

    [GeneratedRegex(@"^\s*\d+\) ""([^""]+)""$")]
    private static partial Regex ListItem();
}
