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
            : System.Text.Encoding.UTF8.GetByteCount(entry.Value) <= 44 ? "embstr"
            : "raw");
    }
}

/// <summary>OBJECT REFCOUNT: values are never shared, so 1 for an existing key.</summary>
public sealed record RefCountOp(string Key) : ReadOp(Key)
{
    public override OpResult Read(IKeyView view) => view.Current(Key) is null ? OpResult.Nil : OpResult.One;
}
