using System.Globalization;
using AkkaKv.Redis;

namespace AkkaKv.Actors.Hosting;

/// <summary>The node's settings that change at run time, one instance per node: RESP <c>CONFIG GET/SET</c> and the
/// management API's <c>config get/set</c> read and write the same values, so a change on one is seen by the other.</summary>
public sealed class RuntimeConfig(AkkaKvSettings settings)
{
    public const string MaxMemoryName = "maxmemory";
    public const string MaxMemoryPolicyName = "maxmemory-policy";

    /// <summary>Redis's eviction policy names.</summary>
    public static readonly IReadOnlyList<string> Policies =
        ["noeviction", "allkeys-lru", "allkeys-lfu", "volatile-lru", "volatile-lfu", "volatile-ttl", "allkeys-random", "volatile-random"];

    /// <summary>The names that can be set, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> Names = [MaxMemoryName, MaxMemoryPolicyName];

    private long _maxMemory;
    private volatile string _maxMemoryPolicy = settings.Mode == StorageMode.Cache ? "allkeys-lru" : "noeviction";

    /// <summary>Bytes, 0 = no limit: kept and reported; enforced once cache-mode eviction exists.</summary>
    public long MaxMemory => Interlocked.Read(ref _maxMemory);

    public string MaxMemoryPolicy => _maxMemoryPolicy;

    /// <summary>The current value of a setting, or null when there is no setting of that name.</summary>
    public string? Get(string name) => name.ToLowerInvariant() switch
    {
        MaxMemoryName => MaxMemory.ToString(CultureInfo.InvariantCulture),
        MaxMemoryPolicyName => MaxMemoryPolicy,
        _ => null,
    };

    /// <summary>Checks a value without applying it: null when <see cref="Set"/> would take it, else why not.</summary>
    public ConfigRejection? Check(string name, string value) => name.ToLowerInvariant() switch
    {
        MaxMemoryName => TryParseMemory(value, out _) ? null : ConfigRejection.BadValue,
        MaxMemoryPolicyName => Policies.Contains(value.ToLowerInvariant()) ? null : ConfigRejection.BadValue,
        _ => ConfigRejection.UnknownName,
    };

    /// <summary>Applies a value; false (and nothing changes) when <see cref="Check"/> refuses it.</summary>
    public bool Set(string name, string value)
    {
        if (Check(name, value) is not null)
        {
            return false;
        }

        if (!name.Equals(MaxMemoryName, StringComparison.OrdinalIgnoreCase))
        {
            _maxMemoryPolicy = value.ToLowerInvariant();
        }
        else if (TryParseMemory(value, out var bytes))
        {
            Interlocked.Exchange(ref _maxMemory, bytes);
        }

        return true;
    }

    /// <summary>What a value must look like, for error messages.</summary>
    public static string Expected(string name) => name.ToLowerInvariant() switch
    {
        MaxMemoryName => "bytes, optionally with a unit: 100, 1kb, 64mb, 1gb (k, m, g are powers of 1000)",
        MaxMemoryPolicyName => "one of " + string.Join(", ", Policies),
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
}

public enum ConfigRejection
{
    UnknownName,
    BadValue,
}
