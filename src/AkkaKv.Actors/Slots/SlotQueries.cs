using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Redis;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Slots;

/// <summary>The read side every slot actor shares: answered from committed state only, never from a write in flight.</summary>
public static class SlotQueries
{
    /// <summary>Answers a read to <paramref name="sender"/>; false when <paramref name="message"/> is not a read.</summary>
    internal static bool TryAnswer(SlotState state, int slot, object message, long nowMs, IActorRef sender)
    {
        var reply = Answer(state, slot, message, nowMs);
        if (reply is null)
        {
            return false;
        }

        sender.Tell(reply);
        return true;
    }

    private static object? Answer(SlotState state, int slot, object message, long nowMs) => message switch
    {
        GetKey get => new GetReply(state.Find(get.Key, nowMs)),
        ScanSlot scan => Scan(state, scan, nowMs),
        PingSlot => new SlotReady(slot, state.Count, state.Revision),
        MatchKeys match => new KeysReply(MatchingKeys(state, new GlobPattern(match.Pattern), nowMs)),
        PickRandomKey => new KeysReply(state.PickRandom(nowMs) is { } entry ? [entry.Key] : []),
        _ => null,
    };

    /// <summary>Keys of the slot matching <paramref name="pattern"/>; front ends call this directly for local slots.</summary>
    public static List<string> MatchingKeys(SlotState state, GlobPattern pattern, long nowMs)
    {
        var keys = new List<string>();
        state.CollectKeys(pattern.MatchesEverything ? static _ => true : pattern.IsMatch, nowMs, keys);
        return keys;
    }

    private static ScanReply Scan(SlotState state, ScanSlot scan, long nowMs)
    {
        // One more than asked tells the caller whether this slot has more to give.
        var entries = state.Scan(scan.Prefix, scan.After, scan.Limit + 1, nowMs);
        return entries.Count > scan.Limit
            ? new ScanReply([.. entries.Take(scan.Limit)], More: true)
            : new ScanReply(entries, More: false);
    }
}
