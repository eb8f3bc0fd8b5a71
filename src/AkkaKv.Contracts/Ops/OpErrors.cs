namespace AkkaKv.Ops;

/// <summary>Error texts of ops, worded as Redis words them where clients match on them.</summary>
public static class OpErrors
{
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string NotFloat = "ERR value is not a valid float";
    public const string NanOrInfinity = "ERR increment would produce NaN or Infinity";
    public const string NoSuchKey = "ERR no such key";
    public const string OffsetOutOfRange = "ERR offset is out of range";
    public const string NotUtf8 = "ERR the result would not be valid UTF-8 text; AkkaKv stores values as text";

    /// <summary>A value grown past the value size limit (APPEND, SETRANGE), which CONFIG GET proto-max-bulk-len reports.</summary>
    public const string StringTooLarge = "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
}
