using Akka.Cluster.Sharding;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Slots;

/// <summary>Entity id = slot number; shard id = slot mod shard count. Ids are pre-built strings: this runs on every request.</summary>
public sealed class SlotMessageExtractor : IMessageExtractor
{
    private readonly string[] _entityIds;
    private readonly string[] _shardIds;

    public SlotMessageExtractor(int slotCount, int shardCount)
    {
        _entityIds = [.. Enumerable.Range(0, slotCount).Select(slot => slot.ToString(System.Globalization.CultureInfo.InvariantCulture))];
        _shardIds = [.. Enumerable.Range(0, slotCount).Select(slot => (slot % shardCount).ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    public string? EntityId(object message) => message is IWithSlot routed ? _entityIds[routed.Slot] : null;

    public object? EntityMessage(object message) => message;

    public string? ShardId(object message) => message is IWithSlot routed ? _shardIds[routed.Slot] : null;

    public string ShardId(string entityId, object? messageHint = null) =>
        _shardIds[int.Parse(entityId, System.Globalization.CultureInfo.InvariantCulture)];
}
