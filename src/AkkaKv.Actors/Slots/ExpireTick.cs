namespace AkkaKv.Actors.Slots;

/// <summary>Timer message: remove keys whose TTL has passed.</summary>
internal sealed class ExpireTick
{
    public static readonly ExpireTick Instance = new();

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>Most keys expired per tick, so one slot never stalls its other work.</summary>
    public const int MaxKeysPerTick = 500;

    private ExpireTick()
    {
    }
}
