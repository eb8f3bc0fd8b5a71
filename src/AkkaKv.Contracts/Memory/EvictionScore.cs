using AkkaKv.Slots;

namespace AkkaKv.Memory;

/// <summary>How evictable an entry is under a policy, from its access stamp (<see cref="AccessTracking"/>): higher goes
/// first (Redis's "idle" score in evict.c), or null when the policy may not evict it (a key without TTL under a
/// volatile-* policy). Only the volatile-* policies read the entry itself (its expiry).</summary>
public static class EvictionScore
{
    /// <param name="random">Draws the score of the random policies (only they use it).</param>
    public static long? Of(KvEntry entry, uint stamp, long nowMs, EvictionSettings settings, Random random) =>
        settings.Policy.OnlyVolatile() && entry.ExpiresAtMs is null
            ? null
            : settings.Policy switch
            {
                EvictionPolicy.AllKeysLru or EvictionPolicy.VolatileLru => AccessTracking.IdleMs(stamp, nowMs),
                EvictionPolicy.AllKeysLfu or EvictionPolicy.VolatileLfu => byte.MaxValue - AccessTracking.Decayed(stamp, nowMs, settings.LfuDecayMinutes),
                // Soonest expiry first.
                EvictionPolicy.VolatileTtl => long.MaxValue - entry.ExpiresAtMs!.Value,
                EvictionPolicy.AllKeysRandom or EvictionPolicy.VolatileRandom => random.NextInt64(),
                _ => null,
            };
}
