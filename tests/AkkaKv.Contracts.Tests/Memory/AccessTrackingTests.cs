using AkkaKv.Memory;

namespace AkkaKv.Contracts.Tests.Memory;

public class AccessTrackingTests
{
    private const long T0 = 1_800_000_000_000;

    [Fact]
    public void The_counter_rises_logarithmically_as_redis_lfu_log_incr_does()
    {
        // At the new-key value a read always counts; above it, with probability 1 / ((counter - 5) * factor + 1).
        Assert.Equal(6, AccessTracking.Raised(5, logFactor: 10, draw: 0.999));
        Assert.Equal(11, AccessTracking.Raised(10, logFactor: 10, draw: 1.0 / 51 * 0.99));
        Assert.Equal(10, AccessTracking.Raised(10, logFactor: 10, draw: 1.0 / 51 * 1.01));
        Assert.Equal(255, AccessTracking.Raised(255, logFactor: 0, draw: 0));
    }

    [Fact]
    public void A_million_reads_bring_the_counter_near_redis_figures()
    {
        // Redis's table for lfu-log-factor 10: ~100 reads -> 10, ~1 M reads -> 255 (within sampling noise).
        var random = new Random(1);
        byte counter = AccessTracking.NewKeyCounter;
        for (var i = 0; i < 100; i++)
        {
            counter = AccessTracking.Raised(counter, 10, random.NextDouble());
        }

        Assert.InRange(counter, 8, 13);
        for (var i = 0; i < 1_000_000; i++)
        {
            counter = AccessTracking.Raised(counter, 10, random.NextDouble());
        }

        Assert.InRange(counter, 200, 255);
    }

    [Fact]
    public void The_counter_decays_one_point_per_decay_period_and_not_below_zero()
    {
        var stamp = AccessTracking.Lfu(20, AccessTracking.Minutes(T0));

        Assert.Equal(20, AccessTracking.Decayed(stamp, T0 + 59_000, decayMinutes: 1));
        Assert.Equal(17, AccessTracking.Decayed(stamp, T0 + (3 * 60_000) + 1, decayMinutes: 1));
        Assert.Equal(19, AccessTracking.Decayed(stamp, T0 + (10 * 60_000) + 1, decayMinutes: 10));
        Assert.Equal(0, AccessTracking.Decayed(stamp, T0 + (600 * 60_000), decayMinutes: 1));
        Assert.Equal(20, AccessTracking.Decayed(stamp, T0 + (600 * 60_000), decayMinutes: 0));
    }

    [Fact]
    public void Under_lru_a_stamp_is_the_time_of_the_last_write_or_read()
    {
        var lru = new EvictionSettings { Policy = EvictionPolicy.AllKeysLru };
        var stamp = AccessTracking.Created(T0 + 8, lfu: false);
        Assert.Equal(0, AccessTracking.IdleMs(stamp, T0 + 8));
        Assert.Equal(1_000, AccessTracking.IdleMs(stamp, T0 + 1_008));

        stamp = AccessTracking.Read(stamp, T0 + 1_008, lru);
        Assert.Equal(0, AccessTracking.IdleMs(stamp, T0 + 1_008));
        Assert.Equal(60_000, AccessTracking.IdleMs(stamp, T0 + 61_008));
    }

    [Fact]
    public void Under_lfu_a_new_key_starts_at_the_initial_counter_and_a_read_decays_then_raises_it()
    {
        var lfu = new EvictionSettings { Policy = EvictionPolicy.AllKeysLfu, LfuLogFactor = 10, LfuDecayMinutes = 1 };
        var stamp = AccessTracking.Created(T0, lfu: true);
        Assert.Equal(AccessTracking.NewKeyCounter, AccessTracking.Decayed(stamp, T0, lfu.LfuDecayMinutes));

        // At the initial counter a read always counts (probability 1).
        stamp = AccessTracking.Read(stamp, T0, lfu);
        Assert.Equal(AccessTracking.NewKeyCounter + 1, AccessTracking.Decayed(stamp, T0, lfu.LfuDecayMinutes));

        // Ten idle minutes take ten points (down to 0), then the read may add one back.
        stamp = AccessTracking.Lfu(30, AccessTracking.Minutes(T0));
        stamp = AccessTracking.Read(stamp, T0 + (10 * 60_000), lfu);
        Assert.InRange(AccessTracking.Decayed(stamp, T0 + (10 * 60_000), lfu.LfuDecayMinutes), 20, 21);
    }

    [Fact]
    public void Idle_time_is_right_across_the_wrap_of_the_32_bit_clock()
    {
        const long wrapMs = 4L << 32; // the clock ticks every 4 ms
        var stamp = AccessTracking.Created(wrapMs - 40, lfu: false);

        Assert.Equal(100, AccessTracking.IdleMs(stamp, wrapMs + 60));
    }
}
