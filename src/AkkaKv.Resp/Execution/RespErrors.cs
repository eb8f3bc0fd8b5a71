using AkkaKv.Messages;

namespace AkkaKv.Resp.Execution;

/// <summary>Error replies for what the keyspace answers instead of a result. A command that surely was not applied
/// because its slot was moving gets Redis Cluster's TRYAGAIN (clients such as StackExchange.Redis retry it); any other
/// failure is a plain ERR.</summary>
internal static class RespErrors
{
    /// <summary>Redis Cluster's refusal of keys in more than one slot, word for word (clients match on CROSSSLOT).</summary>
    public const string CrossSlot = "CROSSSLOT Keys in request don't hash to the same slot";

    public static string For(SlotMoved moved) =>
        $"TRYAGAIN slot {moved.Slot} moved to another node while the command was on its way; it was not applied";

    public static string For(KvError error) =>
        error.Code == KvErrorCode.Unavailable ? $"TRYAGAIN {error.Message}" : $"ERR {error.Message}";
}
