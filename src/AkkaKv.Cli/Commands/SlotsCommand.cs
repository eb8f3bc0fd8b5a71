using System.CommandLine;
using System.Globalization;
using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Commands;

/// <summary><c>slots [--by-node]</c>: the slot → node map from <c>GET /v1/admin/slots</c>, one row per slot or
/// summed per node (which is what shows a rebalance going on).</summary>
public static class SlotsCommand
{
    private const string Unowned = "(none)";

    public static Command Build(CommandRunner runner)
    {
        var byNode = new Option<bool>("--by-node") { Description = "One row per node: slots, keys and bytes it owns" };
        var slots = new Command("slots", "The slot -> node map: owner, keys, bytes and revision of every slot") { byNode };
        return runner.Bind(slots, (c, ct) => RunAsync(c, c.Value(byNode), ct));
    }

    private static async Task<int> RunAsync(CommandContext c, bool byNode, CancellationToken ct)
    {
        var reply = await c.Client.GetAsync("/v1/admin/slots", ct);
        if (c.Json)
        {
            return c.WriteJson(reply);
        }

        var slots = reply.Root.Array("slots")
            .Select(s => new Slot(s.Display("slot"), s.TextOf("owner"), s.NumberOf("keys") ?? 0, s.NumberOf("bytes") ?? 0, s.Display("revision")))
            .ToList();
        var table = byNode ? ByNode(slots) : PerSlot(slots);
        table.Write(c.Out, c.Ansi);

        var unowned = slots.Count(s => s.Owner is null);
        var mode = reply.Root.TextOf("mode");
        var shards = reply.Root.NumberOf("shardCount");
        await c.Out.WriteLineAsync(
            $"Count: {ShardingCommands.Plural(slots.Count, "slot")} ({slots.Count - unowned} owned, {unowned} unowned)"
            + (shards is null ? "" : $", {ShardingCommands.Plural(shards.Value, "shard")}")
            + (mode is null ? "" : $", mode {mode}"));
        return ExitCodes.Ok;
    }

    private static Table PerSlot(List<Slot> slots)
    {
        var table = new Table("slot", "owner", "keys", "bytes", "revision").AlignRight(0, 2, 3, 4);
        foreach (var slot in slots)
        {
            table.AddRow(slot.Number, slot.Owner ?? Unowned, Text(slot.Keys), Text(slot.Bytes), slot.Revision);
        }

        return table;
    }

    /// <summary>Sorted by address; slots no node serves are left out of the rows and counted in the summary line.</summary>
    private static Table ByNode(List<Slot> slots)
    {
        var table = new Table("address", "slots", "keys", "bytes").AlignRight(1, 2, 3);
        foreach (var node in slots.Where(s => s.Owner is not null).GroupBy(s => s.Owner!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.AddRow(node.Key, Text(node.Count()), Text(node.Sum(s => s.Keys)), Text(node.Sum(s => s.Bytes)));
        }

        return table;
    }

    private static string Text(long n) => n.ToString(CultureInfo.InvariantCulture);

    private sealed record Slot(string Number, string? Owner, long Keys, long Bytes, string Revision);
}
