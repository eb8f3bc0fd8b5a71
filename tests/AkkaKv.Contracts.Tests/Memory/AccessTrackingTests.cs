using AkkaKv.Memory;
using AkkaKv.Slots;

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
        var entry = new KvEntry("k", "v", 1, 1, null);
        AccessTracking.Created(entry, null, T0);
        entry.UseCounter = 20;

        Assert.Equal(20, AccessTracking.Decayed(entry, T0 + 59_000, decayMinutes: 1));
        Assert.Equal(17, AccessTracking.Decayed(entry, T0 + (3 * 60_000) + 1, decayMinutes: 1));
        Assert.Equal(19, AccessTracking.Decayed(entry, T0 + (10 * 60_000) + 1, decayMinutes: 10));
        Assert.Equal(0, AccessTracking.Decayed(entry, T0 + (600 * 60_000), decayMinutes: 1));
        Assert.Equal(20, AccessTracking.Decayed(entry, T0 + (600 * 60_000), decayMinutes: 0));
    }

    [Fact]
    public void An_overwritten_key_keeps_its_counter_and_a_read_moves_its_lru_time()
    {
        var old = new KvEntry("k", "v1", 1, 1, null);
        AccessTracking.Created(old, null, T0);
        old.UseCounter = 40;
        var rewritten = new KvEntry("k", "v2", 2, 2, null);

        AccessTracking.Created(rewritten, old, T0 + 8);
        Assert.Equal(40, rewritten.UseCounter);
        Assert.Equal(0, AccessTracking.IdleMs(rewritten, T0 + 8));
        Assert.Equal(1_000, AccessTracking.IdleMs(rewritten, T0 + 1_008));

        AccessTracking.Read(rewritten, T0 + 1_008, new EvictionSettings());
        Assert.Equal(0, AccessTracking.IdleMs(rewritten, T0 + 1_008));
        Assert.Equal(60_000, AccessTracking.IdleMs(rewritten, T0 + 61_008));
    }

    [Fact]
    public void Idle_time_is_right_across_the_wrap_of_the_32_bit_clock()
    {
        const long wrapMs = 4L << 32; // the clock ticks every 4 ms
        var entry = new KvEntry("k", "v", 1, 1, null);
        AccessTracking.Created(entry, null, wrapMs - 40);

        Assert.Equal(100, AccessTracking.IdleMs(entry, wrapMs + 60));
    }

    [Fact]
    public void Access_bookkeeping_is_not_part_of_an_entrys_equality()
    {
        var a = new KvEntry("k", "v", 1, 1, null) { UseCounter = 9, AccessClock = 5 };
        var b = new KvEntry("k", "v", 1, 1, null) { UseCounter = 200, AccessClock = 77 };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Version = 2 });
        Assert.NotEqual(a, b with { ModRevision = 2 });
        Assert.NotEqual(a, b with { ExpiresAtMs = T0 });
        Assert.NotEqual(a, new KvEntry("k", "w", 1, 1, null));
        Assert.NotEqual(a, new KvEntry("k", "vv", 1, 1, null));
    }
}
