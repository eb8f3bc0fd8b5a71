using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>EXPIRE's options; XX combines with GT or LT, the rest stand alone (the command checks that).</summary>
[Flags]
public enum ExpireCondition : byte
{
    Always = 0,

    /// <summary>NX: only when the key has no TTL.</summary>
    IfNone = 1,

    /// <summary>XX: only when the key has a TTL.</summary>
    IfAny = 2,

    /// <summary>GT: only when the new expiry is later (no TTL counts as infinite).</summary>
    IfLater = 4,

    /// <summary>LT: only when the new expiry is earlier (no TTL counts as infinite).</summary>
    IfEarlier = 8,
}

/// <summary>EXPIRE / PEXPIRE / EXPIREAT / PEXPIREAT: 1 when the expiry was set, 0 when the key is missing or the
/// condition failed. A time already past deletes the key, as in Redis.</summary>
public sealed record ExpireOp(string Key, long AtMs, ExpireCondition Condition = ExpireCondition.Always) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        if (batch.Current(Key) is not { } current)
        {
            return OpResult.Zero;
        }

        var ttl = current.ExpiresAtMs;
        var allowed = (!Condition.HasFlag(ExpireCondition.IfNone) || ttl is null)
            && (!Condition.HasFlag(ExpireCondition.IfAny) || ttl is not null)
            && (!Condition.HasFlag(ExpireCondition.IfLater) || (ttl is { } later && AtMs > later))
            && (!Condition.HasFlag(ExpireCondition.IfEarlier) || ttl is not { } earlier || AtMs < earlier);
        if (!allowed)
        {
            return OpResult.Zero;
        }

        if (AtMs <= batch.NowMs)
        {
            batch.Remove(Key);
        }
        else
        {
            batch.Set(Key, current.Value, AtMs);
        }

        return OpResult.One;
    }
}

/// <summary>PERSIST: 1 when a TTL was removed, 0 when the key is missing or had none.</summary>
public sealed record PersistOp(string Key) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        if (batch.Current(Key) is not { ExpiresAtMs: not null } current)
        {
            return OpResult.Zero;
        }

        batch.Set(Key, current.Value, null);
        return OpResult.One;
    }
}
