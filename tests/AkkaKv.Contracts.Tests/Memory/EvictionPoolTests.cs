using AkkaKv.Memory;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests.Memory;

public class EvictionPoolTests
{
    [Fact]
    public void Keeps_the_best_candidates_and_gives_the_highest_score_first()
    {
        var pool = new EvictionPool(capacity: 3);
        var entries = Enumerable.Range(0, 6).Select(i => new KvEntry($"k{i}", "v", 1, 1, null)).ToArray();
        long[] scores = [5, 1, 9, 3, 7, 2];
        for (var i = 0; i < entries.Length; i++)
        {
            pool.Offer(scores[i], slot: i, new SampledEntry(entries[i], Hash: i, Stamp: 0));
        }

        Assert.Equal(3, pool.Count);
        var taken = new List<string>();
        while (pool.TryTakeBest(out var slot, out var sample))
        {
            // The slot and hash come back with their entry.
            Assert.Equal($"k{slot}", sample.Entry.Key);
            Assert.Equal(slot, sample.Hash);
            taken.Add(sample.Entry.Key);
        }

        Assert.Equal(["k2", "k4", "k0"], taken);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public void An_entry_offered_again_takes_its_new_score()
    {
        var pool = new EvictionPool();
        var cooled = new KvEntry("cooled", "v", 1, 1, null);
        var other = new KvEntry("other", "v", 1, 1, null);
        pool.Offer(10, 0, new SampledEntry(cooled, 1, 0));
        pool.Offer(50, 0, new SampledEntry(other, 2, 0));
        pool.Offer(90, 0, new SampledEntry(cooled, 1, 0));

        Assert.Equal(2, pool.Count);
        Assert.True(pool.TryTakeBest(out _, out var best));
        Assert.Same(cooled, best.Entry);
        Assert.True(pool.TryTakeBest(out _, out var next));
        Assert.Same(other, next.Entry);
        Assert.False(pool.TryTakeBest(out _, out _));
    }

    [Theory]
    [InlineData("allkeys-lru", EvictionPolicy.AllKeysLru, false)]
    [InlineData("VOLATILE-TTL", EvictionPolicy.VolatileTtl, true)]
    [InlineData("noeviction", EvictionPolicy.NoEviction, false)]
    public void Policies_have_redis_names(string name, EvictionPolicy expected, bool onlyVolatile)
    {
        Assert.True(EvictionPolicies.TryParse(name, out var policy));
        Assert.Equal(expected, policy);
        Assert.Equal(onlyVolatile, policy.OnlyVolatile());
        Assert.Equal(name.ToLowerInvariant(), EvictionPolicies.NameOf(policy));
    }

    [Fact]
    public void Volatile_policies_never_score_a_key_without_ttl()
    {
        var entry = new KvEntry("k", "v", 1, 1, null);
        Assert.Null(EvictionScore.Of(entry, 0, 0, new EvictionSettings(Policy: EvictionPolicy.VolatileLru), new Random(1)));
        Assert.NotNull(EvictionScore.Of(entry, 0, 0, new EvictionSettings(Policy: EvictionPolicy.AllKeysLru), new Random(1)));
        Assert.False(EvictionPolicies.TryParse("allkeys-fifo", out _));
    }
}
