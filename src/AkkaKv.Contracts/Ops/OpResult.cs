namespace AkkaKv.Ops;

public enum OpResultKind : byte
{
    /// <summary>The command succeeded with nothing to return (Redis "+OK").</summary>
    Ok,

    /// <summary>No value (a missing key).</summary>
    Nil,

    Number,

    /// <summary>A value as text (<see cref="OpResult.Text"/>).</summary>
    Text,

    /// <summary>A value as raw bytes (a byte range that may cut a UTF-8 sequence).</summary>
    Bytes,

    /// <summary>A short status word (Redis simple string), e.g. "string" for TYPE.</summary>
    Status,

    /// <summary>The command was refused; <see cref="OpResult.Text"/> is the error, Redis-style ("ERR …").</summary>
    Error,
}

/// <summary>The outcome of one <see cref="SlotOp"/>, independent of any wire protocol (each front end renders it).</summary>
public readonly record struct OpResult(OpResultKind Kind, long Number = 0, object? Payload = null)
{
    public static readonly OpResult Ok = new(OpResultKind.Ok);
    public static readonly OpResult Nil = new(OpResultKind.Nil);
    public static readonly OpResult Zero = new(OpResultKind.Number, 0);
    public static readonly OpResult One = new(OpResultKind.Number, 1);

    public string? Text => Payload as string;

    public static OpResult Of(long value) => new(OpResultKind.Number, value);

    public static OpResult Value(string? value) => value is null ? Nil : new(OpResultKind.Text, Payload: value);

    public static OpResult Raw(byte[] value) => new(OpResultKind.Bytes, Payload: value);

    public static OpResult Status(string word) => new(OpResultKind.Status, Payload: word);

    public static OpResult Error(string message) => new(OpResultKind.Error, Payload: message);
}
