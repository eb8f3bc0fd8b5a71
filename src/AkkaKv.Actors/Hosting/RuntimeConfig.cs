using System.Globalization;
using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Memory;
using AkkaKv.Redis;

namespace AkkaKv.Actors.Hosting;

/// <summary>The node's settings that change at run time, one instance per node: RESP <c>CONFIG GET/SET</c> and the
/// management API's <c>config get/set</c> read and write the same values, so a change on one is seen by the other.
/// They are the memory budget's (<see cref="EvictionSettings"/>, held by the node's <see cref="KeyspaceMemory"/>, which
/// the write path reads); a change applies to the next write.</summary>
public sealed class RuntimeConfig(AkkaKvSettings settings, ActorSystem system)
{
    public const string MaxMemoryName = "maxmemory";
    public const string MaxMemoryPolicyName = "maxmemory-policy";
    public const string MaxMemorySamplesName = "maxmemory-samples";
    public const string MaxKeysName = "maxmemory-keys";
    public const string LfuLogFactorName = "lfu-log-factor";
    public const string LfuDecayTimeName = "lfu-decay-time";

    /// <summary>Redis's eviction policy names.</summary>
    public static readonly IReadOnlyList<string> Policies = EvictionPolicies.All;

    /// <summary>The names that can be set, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> Names =
        [MaxMemoryName, MaxMemoryPolicyName, MaxMemorySamplesName, MaxKeysName, LfuLogFactorName, LfuDecayTimeName];

    private readonly Lock _writeGate = new();

    private KeyspaceMemory Memory => LocalSlots.For(system).Memory;

    private EvictionSettings Current => Memory.Settings;

    /// <summary>Bytes, 0 = no limit.</summary>
    public long MaxMemory => Current.MaxMemoryBytes;

    public string MaxMemoryPolicy => EvictionPolicies.NameOf(Current.Policy);

    /// <summary>Redis's default is noeviction; a cache evicts the least recently used keys.</summary>
    public static string DefaultPolicy(StorageMode mode) => mode == StorageMode.Cache ? "allkeys-lru" : "noeviction";

    /// <summary>Why <paramref name="policy"/> cannot be used in <paramref name="mode"/>, or null when it can.</summary>
    public static string? RefusePolicy(StorageMode mode, EvictionPolicy policy) =>
        mode == StorageMode.Store && policy != EvictionPolicy.NoEviction
            ? "store mode evicts nothing (every key is journaled; an eviction would have to be too): only noeviction, which refuses writes over budget, applies; run Mode=Cache to evict"
            : null;

    /// <summary>The current value of a setting, or null when there is no setting of that name.</summary>
    public string? Get(string name)
    {
        var current = Current;
        return name.ToLowerInvariant() switch
        {
            MaxMemoryName => Invariant(current.MaxMemoryBytes),
            MaxMemoryPolicyName => EvictionPolicies.NameOf(current.Policy),
            MaxMemorySamplesName => Invariant(current.Samples),
            MaxKeysName => Invariant(current.MaxKeys),
            LfuLogFactorName => Invariant(current.LfuLogFactor),
            LfuDecayTimeName => Invariant(current.LfuDecayMinutes),
            _ => null,
        };
    }

    /// <summary>Checks a value without applying it: null when <see cref="Set"/> would take it, else why not.</summary>
    public ConfigRejection? Check(string name, string value) =>
        !Names.Contains(name.ToLowerInvariant()) ? ConfigRejection.UnknownName
        : Apply(Current, name, value) is null ? ConfigRejection.BadValue
        : null;

    /// <summary>Applies a value; false (and nothing changes) when <see cref="Check"/> refuses it.</summary>
    public bool Set(string name, string value)
    {
        lock (_writeGate)
        {
            if (Apply(Current, name, value) is not { } changed)
            {
                return false;
            }

            Memory.Settings = changed;
            return true;
        }
    }

    /// <summary>What a value must look like, for error messages.</summary>
    public static string Expected(string name) => name.ToLowerInvariant() switch
    {
        MaxMemoryName => "bytes, optionally with a unit: 100, 1kb, 64mb, 1gb (k, m, g are powers of 1000)",
        MaxMemoryPolicyName => "one of " + string.Join(", ", Policies) + " (store mode: noeviction only)",
        MaxMemorySamplesName => "a whole number from 1 to 64",
        MaxKeysName => "a whole number of keys, 0 for no limit",
        LfuLogFactorName or LfuDecayTimeName => "a whole number, 0 or more",
        _ => "one of the settings " + string.Join(", ", Names),
    };

    /// <summary>Bytes with Redis's units: 100, 1kb (1024), 1k (1000), 1mb, 1m, 1gb, 1g.</summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        var lower = text.ToLowerInvariant();
        (string Suffix, long Factor)[] units = [("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024L * 1024 * 1024), ("k", 1000), ("m", 1000_000), ("g", 1000_000_000), ("b", 1)];
        long factor = 1;
        foreach (var (suffix, f) in units)
        {
            if (lower.EndsWith(suffix, StringComparison.Ordinal))
            {
                lower = lower[..^suffix.Length];
                factor = f;
                break;
            }
        }

        if (!RedisNumbers.TryParseInt64(lower, out var amount) || amount < 0)
        {
            return false;
        }

        try
        {
            bytes = checked(amount * factor);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>The settings with one value changed, or null when the value is not valid for it (or not in this mode).</summary>
    private EvictionSettings? Apply(EvictionSettings current, string name, string value) => name.ToLowerInvariant() switch
    {
        MaxMemoryName => TryParseMemory(value, out var bytes) ? current with { MaxMemoryBytes = bytes } : null,
        MaxMemoryPolicyName => EvictionPolicies.TryParse(value, out var policy) && RefusePolicy(settings.Mode, policy) is null
            ? current with { Policy = policy }
            : null,
        MaxMemorySamplesName => WholeNumber(value, 1, 64) is { } samples ? current with { Samples = (int)samples } : null,
        MaxKeysName => WholeNumber(value, 0, long.MaxValue) is { } keys ? current with { MaxKeys = keys } : null,
        LfuLogFactorName => WholeNumber(value, 0, int.MaxValue) is { } factor ? current with { LfuLogFactor = (int)factor } : null,
        LfuDecayTimeName => WholeNumber(value, 0, int.MaxValue) is { } minutes ? current with { LfuDecayMinutes = (int)minutes } : null,
        _ => null,
    };

    private static long? WholeNumber(string text, long min, long max) =>
        RedisNumbers.TryParseInt64(text, out var n) && n >= min && n <= max ? n : null;

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}

public enum ConfigRejection
{
    UnknownName,
    BadValue,
}
