using AkkaKv.Slots;

namespace AkkaKv.Ops;

public enum SetCondition : byte
{
    Always,

    /// <summary>Only when the key does not exist (NX).</summary>
    IfAbsent,

    /// <summary>Only when the key exists (XX).</summary>
    IfPresent,
}

/// <summary>A new expiry for a key: keep the current one, clear it, or set an absolute time (Unix ms).</summary>
public readonly record struct ExpiryChange(bool Keep, long? AtMs)
{
    public static readonly ExpiryChange Clear = new(false, null);
    public static readonly ExpiryChange KeepCurrent = new(true, null);

    public static ExpiryChange At(long unixMs) => new(false, unixMs);

    public long? Apply(KvEntry? current) => Keep ? current?.ExpiresAtMs : AtMs;
}

/// <summary>Redis SET with its options. Replies OK, or nil when the condition fails; with <paramref name="ReturnOld"/>
/// (SET … GET, GETSET) the old value (or nil) instead.</summary>
public sealed record SetOp(string Key, string Value, ExpiryChange Expiry, SetCondition Condition = SetCondition.Always, bool ReturnOld = false)
    : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        var allowed = Condition switch
        {
            SetCondition.IfAbsent => current is null,
            SetCondition.IfPresent => current is not null,
            _ => true,
        };
        if (allowed)
        {
            batch.Set(Key, Value, Expiry.Apply(current), current);
        }

        return ReturnOld ? OpResult.Value(current?.Value) : allowed ? OpResult.Ok : OpResult.Nil;
    }
}

/// <summary>MSETNX: sets every pair only when none of the keys exists; 1 if set, 0 if not.</summary>
public sealed record MSetNxOp(IReadOnlyList<KeyValuePair<string, string>> Pairs) : SlotOp(Pairs[0].Key)
{
    public override IReadOnlyList<string> OtherKeys => [.. Pairs.Skip(1).Select(p => p.Key)];

    public override OpResult Run(WriteBatch batch)
    {
        foreach (var pair in Pairs)
        {
            if (batch.Current(pair.Key) is not null)
            {
                return OpResult.Zero;
            }
        }

        foreach (var pair in Pairs)
        {
            batch.Set(pair.Key, pair.Value, null);
        }

        return OpResult.One;
    }
}
