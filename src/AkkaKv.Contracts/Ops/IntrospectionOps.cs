using AkkaKv.Redis;
using AkkaKv.Slots;

namespace AkkaKv.Ops;

/// <summary>OBJECT ENCODING: the encoding Redis would report for the value ("int", "embstr" up to 44 bytes, "raw").</summary>
public sealed record EncodingOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view)
    {
        if (view.Current(Key) is not { } entry)
        {
            return OpResult.Nil;
        }

        return OpResult.Value(
            entry.Value.Length <= 20 && RedisNumbers.TryParseInt64(entry.Value, out _) ? "int"
            : entry.ValueByteCount <= 44 ? "embstr"
            : "raw");
    }
}

/// <summary>OBJECT REFCOUNT: values are never shared, so 1 for an existing key.</summary>
public sealed record RefCountOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => view.Current(Key) is null ? OpResult.Nil : OpResult.One;
}

/// <summary>OBJECT IDLETIME: seconds since the key was last read or written (without counting this look as a read).</summary>
public sealed record IdleTimeOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) =>
        view.AccessStampOf(Key) is { } stamp ? OpResult.Of(Memory.AccessTracking.IdleMs(stamp, view.NowMs) / 1000) : OpResult.Nil;
}

/// <summary>OBJECT FREQ: the key's LFU counter, decayed to now by <paramref name="DecayMinutes"/> (the node's lfu-decay-time).</summary>
public sealed record FrequencyOp(string Key, int DecayMinutes) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) =>
        view.AccessStampOf(Key) is { } stamp ? OpResult.Of(Memory.AccessTracking.Decayed(stamp, view.NowMs, DecayMinutes)) : OpResult.Nil;
}
