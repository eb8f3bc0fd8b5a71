namespace AkkaKv.Actors.Hosting;

/// <summary>How many shards a node hosts once Akka's least-shard allocation has finished rebalancing towards it: the
/// strategy moves shards until no region holds more than ceil(shards / regions) and none fewer than one below that
/// (Akka.Cluster.Sharding's LeastShardAllocationStrategy, phases 1 and 2).</summary>
public static class ShardShare
{
    /// <summary>The fewest shards a region holds when the allocation is balanced.</summary>
    public static int BalancedMinimum(int shardCount, int regions) =>
        regions <= 0 ? 0 : Math.Max(0, ((shardCount + regions - 1) / regions) - 1);

    /// <summary>Distinct shards among the slots present here (shard = slot mod <paramref name="shardCount"/>).</summary>
    public static int ShardsHosting(IEnumerable<int> slots, int shardCount) =>
        slots.Select(slot => slot % shardCount).Distinct().Count();
}
