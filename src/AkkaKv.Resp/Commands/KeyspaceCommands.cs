using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Redis;
using AkkaKv.Resp.Execution;
using AkkaKv.Slots;

namespace AkkaKv.Resp.Commands;

/// <summary>Commands that read across slots (MGET, EXISTS, KEYS, SCAN, RANDOMKEY, DBSIZE) or change every slot (FLUSHDB).
/// Each slot is read at one instant; across slots there is no single snapshot (Redis Cluster refuses such commands
/// instead). Slots on this node are read directly, others asked through the shard region.</summary>
internal static class KeyspaceCommands
{
    public static IEnumerable<RespCommand> All() =>
    [
        new("KEYS", 2, ["readonly"], 0, 0, 0, "generic", "Returns all key names that match a pattern.") { Direct = Keys },
        new("SCAN", -2, ["readonly"], 0, 0, 0, "generic", "Iterates over the key names in the database.") { Direct = Scan },
        new("RANDOMKEY", 1, ["readonly"], 0, 0, 0, "generic", "Returns a random key name from the database.") { Direct = RandomKey },
        new("DBSIZE", 1, ["readonly", "fast"], 0, 0, 0, "server", "Returns the number of keys in the database.") { Direct = DbSize },
        new("FLUSHDB", -1, ["write"], 0, 0, 0, "server", "Remove all keys from the current database.") { Direct = Flush },
        new("FLUSHALL", -1, ["write"], 0, 0, 0, "server", "Removes all keys from all databases.") { Direct = Flush },
    ];

    /// <summary>MGET outside a transaction: keys may be in any slots.</summary>
    public static async ValueTask MGet(RespContext ctx)
    {
        var keys = KeysFrom(ctx, 1);
        if (keys is null)
        {
            return;
        }

        var values = new string?[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            values[i] = (await Find(ctx, keys[i]))?.Value;
        }

        ctx.Writer.Array(values.Length);
        foreach (var value in values)
        {
            if (value is null)
            {
                ctx.Writer.Null();
            }
            else
            {
                ctx.Writer.Bulk(value);
            }
        }
    }

    /// <summary>EXISTS outside a transaction: counts keys in any slots (a key named twice counts twice, as in Redis).</summary>
    public static async ValueTask Exists(RespContext ctx)
    {
        var keys = KeysFrom(ctx, 1);
        if (keys is null)
        {
            return;
        }

        long count = 0;
        foreach (var key in keys)
        {
            count += await Find(ctx, key) is null ? 0 : 1;
        }

        ctx.Writer.Number(count);
    }

    private static async ValueTask Keys(RespContext ctx)
    {
        var pattern = new GlobPattern(ctx.Request.Text(1) ?? string.Empty);
        var keys = new List<string>();
        for (var slot = 0; slot < ctx.Node.Hasher.SlotCount; slot++)
        {
            keys.AddRange(await MatchingKeys(ctx, slot, pattern));
        }

        WriteKeys(ctx, keys);
    }

    /// <summary>SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]. The cursor is the next slot to visit: a key present
    /// for the whole iteration is returned exactly once, and COUNT is a hint (a slot is never split).</summary>
    private static async ValueTask Scan(RespContext ctx)
    {
        var request = ctx.Request;
        if (!RedisNumbers.TryParseCursor(request[1], out var given))
        {
            ctx.Error("ERR invalid cursor");
            return;
        }

        // Past the last slot (any cursor Redis would take, up to 2^64 - 1): nothing more, as Redis answers one it never gave.
        var cursor = (long)Math.Min(given, (ulong)ctx.Node.Hasher.SlotCount);

        var pattern = new GlobPattern("*");
        long count = 10;
        var typeMatches = true;
        for (var i = 2; i < request.Count; i += 2)
        {
            if (i + 1 >= request.Count)
            {
                ctx.SyntaxError();
                return;
            }

            switch (request.Word(i))
            {
                case "MATCH":
                    pattern = new GlobPattern(request.Text(i + 1) ?? string.Empty);
                    break;
                case "COUNT":
                    if (!ctx.TryInteger(i + 1, out count))
                    {
                        return;
                    }

                    if (count < 1)
                    {
                        ctx.SyntaxError();
                        return;
                    }

                    break;
                case "TYPE":
                    // Every AkkaKv value is a string.
                    typeMatches = request.Is(i + 1, "STRING");
                    break;
                default:
                    ctx.SyntaxError();
                    return;
            }
        }

        var keys = new List<string>();
        var slot = cursor;
        while (slot < ctx.Node.Hasher.SlotCount && keys.Count < count)
        {
            keys.AddRange(await MatchingKeys(ctx, (int)slot, pattern));
            slot++;
        }

        ctx.Writer.Array(2);
        ctx.Writer.Bulk(slot >= ctx.Node.Hasher.SlotCount ? "0" : slot.ToString(System.Globalization.CultureInfo.InvariantCulture));
        WriteKeys(ctx, typeMatches ? keys : []);
    }

    private static async ValueTask RandomKey(RespContext ctx)
    {
        // Start at a random slot and take the first that has a key: a uniform slot, then a uniform key within it.
        var slots = ctx.Node.Hasher.SlotCount;
        var start = Random.Shared.Next(slots);
        for (var i = 0; i < slots; i++)
        {
            var slot = (start + i) % slots;
            var key = ctx.Node.Slots.Find(slot) is { } local
                ? local.State.PickRandom(ctx.NowMs)?.Key
                : (await Ask<KeysReply>(ctx, new PickRandomKey(slot))).Keys is [var first, ..] ? first : null;
            if (key is not null)
            {
                ctx.Writer.Bulk(key);
                return;
            }
        }

        ctx.Writer.Null();
    }

    private static async ValueTask DbSize(RespContext ctx)
    {
        long total = 0;
        for (var slot = 0; slot < ctx.Node.Hasher.SlotCount; slot++)
        {
            total += ctx.Node.Slots.Find(slot) is { } local ? local.State.Count : (await Ask<SlotReady>(ctx, new PingSlot(slot))).Keys;
        }

        ctx.Writer.Number(total);
    }

    /// <summary>FLUSHDB / FLUSHALL [ASYNC | SYNC]: every slot cleared, each atomically; replies once all are durable.</summary>
    private static async ValueTask Flush(RespContext ctx)
    {
        if (ctx.Request.Count > 2 || (ctx.Request.Count == 2 && !ctx.Request.Is(1, "ASYNC") && !ctx.Request.Is(1, "SYNC")))
        {
            ctx.SyntaxError();
            return;
        }

        var pending = new List<Task<object>>();
        for (var slot = 0; slot < ctx.Node.Hasher.SlotCount; slot++)
        {
            var clear = new ClearSlot(slot);
            var local = ctx.Node.Slots.Find(slot);
            if (local is null || !local.TryRunInline(clear, ctx.NowMs, out _))
            {
                pending.Add(ctx.Node.Gateway.AskSlotAsync<object>(clear));
            }
        }

        foreach (var reply in await Task.WhenAll(pending))
        {
            if (reply is OpsFailed failed)
            {
                ctx.Writer.Error($"ERR {failed.Reason}");
                return;
            }
        }

        ctx.Writer.Ok();
    }

    private static async ValueTask<KvEntry?> Find(RespContext ctx, string key)
    {
        var slot = ctx.Node.Hasher.SlotOf(key);
        return ctx.Node.Slots.Find(slot) is { } local
            ? local.State.Find(key, ctx.NowMs)
            : (await Ask<GetReply>(ctx, new GetKey(slot, key))).Entry;
    }

    private static async ValueTask<IReadOnlyList<string>> MatchingKeys(RespContext ctx, int slot, GlobPattern pattern) =>
        ctx.Node.Slots.Find(slot) is { } local
            ? SlotQueries.MatchingKeys(local.State, pattern, ctx.NowMs)
            : (await Ask<KeysReply>(ctx, new MatchKeys(slot, pattern.Pattern))).Keys;

    private static Task<T> Ask<T>(RespContext ctx, IWithSlot message) => ctx.Node.Gateway.AskSlotAsync<T>(message);

    private static string[]? KeysFrom(RespContext ctx, int first)
    {
        var keys = new string[ctx.Request.Count - first];
        for (var i = 0; i < keys.Length; i++)
        {
            if (ctx.Key(first + i) is not { } key)
            {
                return null;
            }

            keys[i] = key;
        }

        return keys;
    }

    private static void WriteKeys(RespContext ctx, List<string> keys)
    {
        ctx.Writer.Array(keys.Count);
        foreach (var key in keys)
        {
            ctx.Writer.Bulk(key);
        }
    }
}
