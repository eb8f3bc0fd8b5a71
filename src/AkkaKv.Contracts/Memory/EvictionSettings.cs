namespace AkkaKv.Memory;

/// <summary>A node's memory budget and eviction settings (Redis's names in brackets), changeable at run time: readers
/// take one snapshot per decision, writers replace the whole record.</summary>
/// <param name="MaxMemoryBytes">[maxmemory] 0 = no budget.</param>
/// <param name="MaxKeys">Optional key-count limit, 0 = none.</param>
/// <param name="Policy">[maxmemory-policy]</param>
/// <param name="Samples">[maxmemory-samples] keys sampled per eviction round: more is closer to exact LRU/LFU, slower.</param>
/// <param name="LfuLogFactor">[lfu-log-factor] how many reads a counter point costs as it grows (10: 255 after ~1 M reads).</param>
/// <param name="LfuDecayMinutes">[lfu-decay-time] minutes without reads per point lost; 0 = no decay.</param>
public sealed record EvictionSettings(
    long MaxMemoryBytes = 0,
    long MaxKeys = 0,
    EvictionPolicy Policy = EvictionPolicy.NoEviction,
    int Samples = 5,
    int LfuLogFactor = 10,
    int LfuDecayMinutes = 1)
{
    public static readonly EvictionSettings Unlimited = new();

    public bool HasBudget => MaxMemoryBytes > 0 || MaxKeys > 0;
}
