using System.Text;

namespace AkkaKv.Keys;

/// <summary>Size limits for keys and values, checked at every front end before anything reaches a slot.</summary>
public sealed record KeyLimits(int MaxKeyBytes = KeyLimits.DefaultMaxKeyBytes, int MaxValueBytes = KeyLimits.DefaultMaxValueBytes)
{
    public const int DefaultMaxKeyBytes = 1024;
    public const int DefaultMaxValueBytes = 1024 * 1024;

    /// <summary>Returns an error for a key that is empty or too long, else null.</summary>
    public KvError? CheckKey(string key)
    {
        if (key.Length == 0)
        {
            return new KvError(KvErrorCode.EmptyKey, "the key is empty");
        }

        if (StrictUtf8ByteCount(key) is not { } bytes)
        {
            return new KvError(KvErrorCode.InvalidUtf8, "the key is not valid UTF-8 (it has an unpaired surrogate)");
        }

        return bytes > MaxKeyBytes
            ? new KvError(KvErrorCode.KeyTooLarge, $"the key is {bytes} bytes; the limit is {MaxKeyBytes}")
            : null;
    }

    /// <summary>Returns an error for a value that is too long or cannot be encoded as UTF-8, else null.</summary>
    public KvError? CheckValue(string value) => StrictUtf8ByteCount(value) is { } bytes
        ? CheckValueSize(bytes)
        : new KvError(KvErrorCode.InvalidUtf8, "the value is not valid UTF-8 (it has an unpaired surrogate)");

    /// <summary>For front ends that see the byte length before decoding (an HTTP Content-Length, a RESP bulk length).</summary>
    public KvError? CheckValueSize(long bytes) =>
        bytes > MaxValueBytes
            ? new KvError(KvErrorCode.ValueTooLarge, $"the value is {bytes} bytes; the limit is {MaxValueBytes}")
            : null;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static int? StrictUtf8ByteCount(string text)
    {
        try
        {
            return StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            return null;
        }
    }
}
