namespace AkkaKv.Memory;

/// <summary>How reads mark keys for eviction, with Redis's rules (evict.c), in a 32-bit stamp per key. The stamp lives
/// in the key's cell of its slot's <see cref="Slots.EntryTable"/>, next to the reference to the entry, so sampling for
/// eviction reads no entry at all: each sampled entry read was a cache miss (moving the stamps here took what evicting
/// cost SET throughput from 26% to 20%).
/// Like Redis's 24-bit <c>lru</c> field, the stamp means what the current policy needs:
/// <list type="bullet">
/// <item>under an LFU policy, a logarithmic counter (low 8 bits) that a read raises with probability
/// 1 / ((counter - 5) * log-factor + 1), and the minute it last changed (16 bits above), from which it loses one point
/// per <c>lfu-decay-time</c> minutes without reads, so a formerly hot key cools down;</item>
/// <item>under any other policy, the time of the last read or write (the LRU clock).</item>
/// </list>
/// Switching between LRU and LFU at runtime reinterprets the stamps, as in Redis ("LRU and LFU data will take some time
/// to adjust").</summary>
public static class AccessTracking
{
    /// <summary>A new key's counter (Redis's LFU_INIT_VAL): new keys are not evicted before they had a chance.</summary>
    public const byte NewKeyCounter = 5;

    // The LRU clock ticks every 4 ms, in 32 bits: it wraps after 198 days, as Redis's 24-bit clock of seconds does
    // after 194; a key idle for longer looks recent (as in Redis).
    private const int MsPerTick = 4;

    /// <summary>The LRU clock at <paramref name="nowMs"/> (Unix milliseconds).</summary>
    public static uint Clock(long nowMs) => (uint)(nowMs / MsPerTick);

    /// <summary>The stamp of a key just created. A key overwritten under an LFU policy keeps its stamp instead (counter
    /// and all), as in Redis; under other policies the write is its last access (<see cref="Slots.EntryTable.Set"/>).</summary>
    public static uint Created(long nowMs, bool lfu) => lfu ? Lfu(NewKeyCounter, Minutes(nowMs)) : Clock(nowMs);

    /// <summary>The stamp after a read: the LRU time, or the LFU counter decayed, then maybe raised.</summary>
    public static uint Read(uint stamp, long nowMs, EvictionSettings settings) =>
        settings.Policy.UsesLfu()
            ? Lfu(Raised(Decayed(stamp, nowMs, settings.LfuDecayMinutes), settings.LfuLogFactor, Random.Shared.NextDouble()), Minutes(nowMs))
            : Clock(nowMs);

    /// <summary>Milliseconds since the key was last read or written (to the clock's 4 ms), from an LRU stamp.</summary>
    public static long IdleMs(uint stamp, long nowMs) => (long)unchecked(Clock(nowMs) - stamp) * MsPerTick;

    /// <summary>An LFU stamp's counter after decay: one point less per <paramref name="decayMinutes"/> since it last
    /// changed (no decay when 0).</summary>
    public static byte Decayed(uint stamp, long nowMs, int decayMinutes)
    {
        var counter = (byte)stamp;
        if (decayMinutes <= 0)
        {
            return counter;
        }

        var elapsed = (ushort)(Minutes(nowMs) - (ushort)(stamp >> 8)); // wraps as Redis's 16-bit clock does
        var periods = elapsed / decayMinutes;
        return periods >= counter ? (byte)0 : (byte)(counter - periods);
    }

    /// <summary>An LFU stamp: <paramref name="counter"/>, last changed at <paramref name="minutes"/>.</summary>
    public static uint Lfu(byte counter, ushort minutes) => ((uint)minutes << 8) | counter;

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

    /// <summary>The LFU clock at <paramref name="nowMs"/>: minutes, 16 bits, wrapping.</summary>
    public static ushort Minutes(long nowMs) => (ushort)(nowMs / 60_000);
}
