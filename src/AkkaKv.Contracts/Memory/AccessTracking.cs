using AkkaKv.Slots;

namespace AkkaKv.Memory;

/// <summary>How reads mark entries for eviction, with Redis's rules (evict.c): LRU keeps the time of the last access;
/// LFU keeps a logarithmic counter (8 bits) that a read raises with probability 1 / ((counter - 5) * log-factor + 1),
/// and that loses one point per <c>lfu-decay-time</c> minutes without reads, so a formerly hot key cools down.</summary>
public static class AccessTracking
{
    /// <summary>A new key's counter (Redis's LFU_INIT_VAL): new keys are not evicted before they had a chance.</summary>
    public const byte NewKeyCounter = 5;

    // The LRU clock ticks every 4 ms, in 32 bits: it wraps after 198 days, as Redis's 24-bit clock of seconds does
    // after 194; a key idle for longer looks recent (as in Redis). 32 bits instead of a long keep the entry at 40 bytes.
    private const int MsPerTick = 4;

    /// <summary>The LRU clock at <paramref name="nowMs"/> (Unix milliseconds).</summary>
    public static uint Clock(long nowMs) => (uint)(nowMs / MsPerTick);

    /// <summary>Milliseconds since the entry was last read or written (to the clock's 4 ms).</summary>
    public static long IdleMs(KvEntry entry, long nowMs) => (long)unchecked(Clock(nowMs) - entry.AccessClock) * MsPerTick;

    /// <summary>Marks an entry just written: now is its last access; an overwritten key keeps its counter, as in Redis.</summary>
    public static void Created(KvEntry entry, KvEntry? replaced, long nowMs)
    {
        entry.AccessClock = Clock(nowMs);
        entry.UseCounter = replaced?.UseCounter ?? NewKeyCounter;
        entry.UseCounterMinutes = replaced?.UseCounterMinutes ?? Minutes(nowMs);
    }

    /// <summary>Marks a read: the LRU time, and the LFU counter decayed then maybe raised.</summary>
    public static void Read(KvEntry entry, long nowMs, EvictionSettings settings)
    {
        entry.AccessClock = Clock(nowMs);
        var counter = Decayed(entry, nowMs, settings.LfuDecayMinutes);
        entry.UseCounter = Raised(counter, settings.LfuLogFactor, Random.Shared.NextDouble());
        entry.UseCounterMinutes = Minutes(nowMs);
    }

    /// <summary>The counter after decay: one point less per <paramref name="decayMinutes"/> since it last changed
    /// (no decay when 0).</summary>
    public static byte Decayed(KvEntry entry, long nowMs, int decayMinutes)
    {
        if (decayMinutes <= 0)
        {
            return entry.UseCounter;
        }

        var elapsed = (ushort)(Minutes(nowMs) - entry.UseCounterMinutes); // wraps as Redis's 16-bit clock does
        var periods = elapsed / decayMinutes;
        return periods >= entry.UseCounter ? (byte)0 : (byte)(entry.UseCounter - periods);
    }

    /// <summary>Redis's LFULogIncr: <paramref name="draw"/> is a uniform number in [0, 1).</summary>
    public static byte Raised(byte counter, int logFactor, double draw)
    {
        if (counter == byte.MaxValue)
        {
            return counter;
        }

        var baseValue = Math.Max(0, counter - NewKeyCounter);
        var p = 1.0 / ((baseValue * (double)Math.Max(0, logFactor)) + 1);
        return draw < p ? (byte)(counter + 1) : counter;
    }

    private static ushort Minutes(long nowMs) => (ushort)(nowMs / 60_000);
}
