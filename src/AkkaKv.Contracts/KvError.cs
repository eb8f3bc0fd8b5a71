namespace AkkaKv;

/// <summary>What went wrong with a request, in terms every front end maps to its own status or error text.</summary>
public enum KvErrorCode
{
    EmptyKey,
    KeyTooLarge,
    ValueTooLarge,
    InvalidUtf8,
    MalformedRequest,
    InvalidParameter,
    NotFound,
    VersionMismatch,
    Unavailable,
    Timeout,
    Internal,

    /// <summary>The node is over its memory budget and may evict nothing (noeviction, or no key fits the policy).</summary>
    OutOfMemory,
}

/// <summary>An error with a human-readable message (never a stack trace).</summary>
public sealed record KvError(KvErrorCode Code, string Message);
