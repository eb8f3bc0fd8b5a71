using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Commands;

/// <summary><c>kv get|put|del|scan|ttl</c>: the node's data API (<c>/v1/kv</c>), which the management port serves too,
/// so that one address is enough to look at a key while looking at the cluster.</summary>
public static class KvCommands
{
    public static Command Build(CommandRunner runner)
    {
        var kv = new Command("kv", "Read and write keys through the target node's data API");

        var getKey = KeyArgument();
        kv.Add(runner.Bind(new Command("get", "Print a key's value (exit 1 when the key does not exist)") { getKey },
            (c, ct) => GetAsync(c, c.Value(getKey)!, ct)));

        var putKey = KeyArgument();
        var putValue = new Argument<string>("value") { Description = "The value, stored as UTF-8 text" };
        var ttl = new Option<long?>("--ttl") { Description = "Expire the key after this many seconds", HelpName = "seconds" };
        var putPrev = PrevVersionOption("Write only if the key is at this version (0: only if it does not exist)");
        kv.Add(runner.Bind(new Command("put", "Set a key's value") { putKey, putValue, ttl, putPrev },
            (c, ct) => PutAsync(c, c.Value(putKey)!, c.Value(putValue)!, c.Value(ttl), c.Value(putPrev), ct)));

        var delKey = KeyArgument();
        var delPrev = PrevVersionOption("Delete only if the key is at this version");
        var del = new Command("del", "Delete a key") { delKey, delPrev };
        del.Aliases.Add("delete");
        kv.Add(runner.Bind(del, (c, ct) => DeleteAsync(c, c.Value(delKey)!, c.Value(delPrev), ct)));

        var prefix = new Argument<string?>("prefix") { Description = "Only keys that start with this", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int?>("--limit") { Description = "At most this many keys in the page", HelpName = "n" };
        var cursor = new Option<string?>("--cursor") { Description = "Continue from a previous page's cursor", HelpName = "cursor" };
        kv.Add(runner.Bind(new Command("scan", "List keys in order, a page at a time") { prefix, limit, cursor },
            (c, ct) => ScanAsync(c, c.Value(prefix), c.Value(limit), c.Value(cursor), ct)));

        var ttlKey = KeyArgument();
        kv.Add(runner.Bind(new Command("ttl", "Seconds until a key expires; -1 without a TTL, -2 when absent (as Redis's TTL)") { ttlKey },
            (c, ct) => TtlAsync(c, c.Value(ttlKey)!, ct)));
        return kv;
    }

    private static Argument<string> KeyArgument() => new("key") { Description = "The key; it may contain '/'" };

    private static Option<long?> PrevVersionOption(string description) => new("--prev-version") { Description = description, HelpName = "n" };

    private static async Task<int> GetAsync(CommandContext c, string key, CancellationToken ct)
    {
        var reply = await WithKeyNotFound(key, c.Client.GetAsync(KeyUrl(key), ct));
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        // The value alone, so that `v=$(akkakv kv get k)` is the value; --json has the version and revision.
        await c.Out.WriteLineAsync(reply.Root.TextOf("value") ?? "");
        return ExitCodes.Ok;
    }

    private static async Task<int> PutAsync(CommandContext c, string key, string value, long? ttl, long? prevVersion, CancellationToken ct)
    {
        var url = KeyUrl(key) + Query(("ttl", ttl?.ToString(CultureInfo.InvariantCulture)), ("prevVersion", prevVersion?.ToString(CultureInfo.InvariantCulture)));
        var reply = await c.Client.PutTextAsync(url, value, ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var expires = reply.Root.TextOf("expiresAt") is { } at ? $", expires {at}" : "";
        await c.Out.WriteLineAsync($"OK (version {reply.Root.Display("version")}, revision {reply.Root.Display("revision")}{expires})");
        return ExitCodes.Ok;
    }

    private static async Task<int> DeleteAsync(CommandContext c, string key, long? prevVersion, CancellationToken ct)
    {
        var url = KeyUrl(key) + Query(("prevVersion", prevVersion?.ToString(CultureInfo.InvariantCulture)));
        var reply = await WithKeyNotFound(key, c.Client.DeleteAsync(url, ct));
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var deleted = reply.Root.Get("deleted").ValueKind != JsonValueKind.False;
        await c.Out.WriteLineAsync(deleted ? $"deleted {key} (revision {reply.Root.Display("revision")})" : $"not deleted: {key}");
        return ExitCodes.Ok;
    }

    private static async Task<int> ScanAsync(CommandContext c, string? prefix, int? limit, string? cursor, CancellationToken ct)
    {
        var url = "/v1/kv" + Query(("prefix", prefix), ("limit", limit?.ToString(CultureInfo.InvariantCulture)), ("cursor", cursor));
        var reply = await c.Client.GetAsync(url, ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var table = new Table("key", "value", "version").AlignRight(2);
        foreach (var item in reply.Root.Array("items"))
        {
            table.AddRow(item.Display("key"), item.Display("value"), item.Display("version"));
        }

        table.Write(c.Out, c.Ansi);
        var next = reply.Root.TextOf("cursor");
        var keys = ShardingCommands.Plural(table.RowCount, "key");
        await c.Out.WriteLineAsync(next is null ? $"Count: {keys} (last page)" : $"Count: {keys}; next page: --cursor {next}");
        return ExitCodes.Ok;
    }

    private static async Task<int> TtlAsync(CommandContext c, string key, CancellationToken ct)
    {
        long ttl;
        try
        {
            var reply = await c.Client.GetAsync(KeyUrl(key), ct);
            ttl = Ttl(reply.Root.TextOf("expiresAt"), DateTimeOffset.UtcNow);
        }
        catch (ServerErrorException e) when (e.IsNotFound && e.Code == "not_found")
        {
            ttl = -2;
        }

        if (c.Json)
        {
            // No server document says this: the GET's is about the value, so the answer is the CLI's own, still JSON.
            await c.Out.WriteLineAsync(JsonTtl(key, ttl));
        }
        else
        {
            await c.Out.WriteLineAsync(ttl.ToString(CultureInfo.InvariantCulture));
        }

        return ExitCodes.Ok;
    }

    /// <summary>Redis's TTL: -1 for no expiry, else whole seconds left, rounded (a key about to expire says 0).</summary>
    public static long Ttl(string? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is null || !DateTimeOffset.TryParse(expiresAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
        {
            return -1;
        }

        return Math.Max(0, (long)Math.Round((at - now).TotalSeconds, MidpointRounding.AwayFromZero));
    }

    private static string JsonTtl(string key, long ttl)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, JsonBody.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("key", key);
            writer.WriteNumber("ttl", ttl);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>A missing key is the one error a script of <c>kv get</c> tests for: say which key, in the words of
    /// <c>akkakv: not found: key</c>, instead of the server's sentence.</summary>
    private static async Task<JsonReply> WithKeyNotFound(string key, Task<JsonReply> request)
    {
        try
        {
            return await request;
        }
        catch (ServerErrorException e) when (e.IsNotFound && e.Code == "not_found")
        {
            throw new ServerErrorException(e.Status, e.Code, $"not found: {key}", e.Body);
        }
    }

    private static string KeyUrl(string key) => "/v1/kv/" + KeyPath.Encode(key);

    private static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }
}
