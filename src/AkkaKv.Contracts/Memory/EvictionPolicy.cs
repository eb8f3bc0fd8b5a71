namespace AkkaKv.Memory;

/// <summary>Redis's maxmemory policies, with Redis's meanings: which keys may go when the budget is reached, and in
/// which order. <c>volatile-*</c> consider only keys with a TTL; <see cref="NoEviction"/> refuses writes instead.</summary>
public enum EvictionPolicy
{
    NoEviction,
    AllKeysLru,
    AllKeysLfu,
    AllKeysRandom,
    VolatileLru,
    VolatileLfu,
    VolatileRandom,
    VolatileTtl,
}

public static class EvictionPolicies
{
    private static readonly (string Name, EvictionPolicy Policy)[] Names =
    [
        ("volatile-lru", EvictionPolicy.VolatileLru),
        ("volatile-lfu", EvictionPolicy.VolatileLfu),
        ("volatile-random", EvictionPolicy.VolatileRandom),
        ("volatile-ttl", EvictionPolicy.VolatileTtl),
        ("allkeys-lru", EvictionPolicy.AllKeysLru),
        ("allkeys-lfu", EvictionPolicy.AllKeysLfu),
        ("allkeys-random", EvictionPolicy.AllKeysRandom),
        ("noeviction", EvictionPolicy.NoEviction),
    ];

    /// <summary>Redis's names, in the order Redis lists them when CONFIG SET refuses a policy (its config.c table).</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Select(n => n.Name)];

    public static bool TryParse(string name, out EvictionPolicy policy)
    {
        foreach (var (n, p) in Names)
        {
            if (n.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                policy = p;
                return true;
            }
        }

        policy = EvictionPolicy.NoEviction;
        return false;
    }

    public static string NameOf(EvictionPolicy policy) => Names.First(n => n.Policy == policy).Name;

    /// <summary>Only keys with a TTL may be evicted.</summary>
    public static bool OnlyVolatile(this EvictionPolicy policy) =>
        policy is EvictionPolicy.VolatileLru or EvictionPolicy.VolatileLfu or EvictionPolicy.VolatileRandom or EvictionPolicy.VolatileTtl;

    /// <summary>Keys are ranked by their LFU counter (and access stamps hold counters, <see cref="AccessTracking"/>).</summary>
    public static bool UsesLfu(this EvictionPolicy policy) => policy is EvictionPolicy.AllKeysLfu or EvictionPolicy.VolatileLfu;
}
