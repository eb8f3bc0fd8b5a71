using AkkaKv.Actors.Hosting;

namespace AkkaKv.Actors.Tests;

public sealed class ShardShareTests
{
    [Theory]
    [InlineData(128, 1, 127)] // alone: every shard (Akka stops rebalancing one below the rounded-up optimum)
    [InlineData(128, 2, 63)]
    [InlineData(128, 3, 42)] // 43 + 43 + 42: the least loaded holds one fewer than ceil(128 / 3)
    [InlineData(128, 4, 31)]
    [InlineData(3, 5, 0)] // more regions than shards: a region may rightly hold none
    [InlineData(128, 0, 0)]
    public void Balanced_minimum_is_one_below_the_rounded_up_optimum(int shards, int regions, int expected) =>
        Assert.Equal(expected, ShardShare.BalancedMinimum(shards, regions));

    [Fact]
    public void Shards_hosting_counts_each_shard_once_however_many_of_its_slots_are_here()
    {
        // 16 slots over 4 shards: slots 0, 4, 8 are shard 0; 1 and 5 are shard 1; 7 is shard 3.
        Assert.Equal(3, ShardShare.ShardsHosting([0, 4, 8, 1, 5, 7], shardCount: 4));
        Assert.Equal(0, ShardShare.ShardsHosting([], shardCount: 4));
    }
}
