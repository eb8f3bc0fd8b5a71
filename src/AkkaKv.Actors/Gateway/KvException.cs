namespace AkkaKv.Actors.Gateway;

/// <summary>A request the store refused or could not serve; front ends turn <see cref="Error"/> into their own status.</summary>
public sealed class KvException(KvError error) : Exception(error.Message)
{
    public KvError Error { get; } = error;
}
