using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>DEL / UNLINK of one key: 1 when it existed.</summary>
public sealed record DeleteOp(string Key) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch) => batch.Remove(Key) ? OpResult.One : OpResult.Zero;
}

/// <summary>GETDEL: the value (or nil), and the key is gone.</summary>
public sealed record GetDeleteOp(string Key) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        batch.Remove(Key);
        return OpResult.Value(current?.Value);
    }
}

/// <summary>GETEX: the value, and its expiry changed when <paramref name="Change"/> is given.</summary>
public sealed record GetExpireOp(string Key, ExpiryChange? Change) : SlotOp(Key)
{
    public override OpResult Run(WriteBatch batch)
    {
        var current = batch.Current(Key);
        if (current is not null && Change is { } change && change.Apply(current) != current.ExpiresAtMs)
        {
            batch.Set(Key, current.Value, change.Apply(current));
        }

        return OpResult.Value(current?.Value);
    }
}

/// <summary>RENAME (or RENAMENX with <paramref name="OnlyIfAbsent"/>): the value and its TTL move to the new key.</summary>
public sealed record RenameOp(string Key, string NewKey, bool OnlyIfAbsent) : SlotOp(Key)
{
    public override IReadOnlyList<string> OtherKeys => [NewKey];

    public override OpResult Run(WriteBatch batch)
    {
        if (batch.Current(Key) is not { } source)
        {
            return OpResult.Error(OpErrors.NoSuchKey);
        }

        if (OnlyIfAbsent && batch.Current(NewKey) is not null)
        {
            return OpResult.Zero;
        }

        if (NewKey != Key)
        {
            batch.Remove(Key);
            batch.Set(NewKey, source.Value, source.ExpiresAtMs);
        }

        return OnlyIfAbsent ? OpResult.One : OpResult.Ok;
    }
}
