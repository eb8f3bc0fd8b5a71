namespace AkkaKv.Coordination;

/// <summary>What every node of a cluster must agree on, fixed when the cluster is born: keys hash to
/// <paramref name="SlotCount"/> slots, slots group into <paramref name="ShardCount"/> shards (shard = slot mod count),
/// and <paramref name="Mode"/> says whether writes are journaled (store) or not (cache).</summary>
public sealed record KeyspaceConfig(int SlotCount, int ShardCount, string Mode)
{
    /// <summary>Why a node with this configuration cannot join a cluster born with <paramref name="born"/>; null when it can.</summary>
    public string? MismatchWith(KeyspaceConfig born)
    {
        if (SlotCount != born.SlotCount)
        {
            return $"this node is configured with {SlotCount} slots but the cluster was born with {born.SlotCount}: " +
                $"its keys would hash to other slots. Start it with AkkaKv:SlotCount={born.SlotCount}";
        }

        if (ShardCount != born.ShardCount)
        {
            return $"this node is configured with {ShardCount} shards but the cluster was born with {born.ShardCount}: " +
                $"it would route slots to the wrong shards. Start it with AkkaKv:ShardCount={born.ShardCount}";
        }

        if (!string.Equals(Mode, born.Mode, StringComparison.OrdinalIgnoreCase))
        {
            return $"this node runs in {Mode} mode but the cluster was born in {born.Mode} mode: " +
                $"slots moving between them would gain or lose durability. Start it with AkkaKv:Mode={born.Mode}";
        }

        return null;
    }
}
