namespace AkkaKv.Slots;

/// <summary>One key as a slot holds it: the value, its version (1 on create, +1 per change, like etcd's), the slot revision
/// of its last change, and an optional absolute expiry in Unix milliseconds.</summary>
public sealed record KvEntry(string Key, string Value, long Version, long ModRevision, long? ExpiresAtMs)
{
    public bool IsExpiredAt(long nowMs) => ExpiresAtMs is { } at && at <= nowMs;
}
