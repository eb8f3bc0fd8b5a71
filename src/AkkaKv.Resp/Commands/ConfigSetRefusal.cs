using AkkaKv.Actors.Hosting;
using AkkaKv.Memory;
using AkkaKv.Redis;

namespace AkkaKv.Resp.Commands;

/// <summary>Why CONFIG SET refuses a value, in Redis's words (config.c: <c>numericParseString</c>,
/// <c>numericBoundaryCheck</c>, <c>enumConfigSet</c>), which follow "CONFIG SET failed (possibly related to argument
/// 'x') - ". Store mode's refusal of an evicting policy, which Redis has no case for, says why in its own words.</summary>
internal static class ConfigSetRefusal
{
    public static string Reason(StorageMode mode, string name, string value) => name switch
    {
        RuntimeConfig.MaxMemoryName => "argument must be a memory value",
        RuntimeConfig.MaxMemoryPolicyName =>
            EvictionPolicies.TryParse(value, out var policy) && RuntimeConfig.RefusePolicy(mode, policy) is { } refusal
                ? refusal
                : "argument(s) must be one of the following: " + string.Join(", ", EvictionPolicies.All),
        RuntimeConfig.MaxMemorySamplesName => Integer(value, 1, 64),
        RuntimeConfig.MaxKeysName => Integer(value, 0, long.MaxValue),
        _ => Integer(value, 0, int.MaxValue), // lfu-log-factor, lfu-decay-time
    };

    private static string Integer(string value, long min, long max) =>
        RedisNumbers.TryParseInt64(value, out _)
            ? $"argument must be between {min} and {max} inclusive"
            : "argument couldn't be parsed into an integer";
}
