using Akka.Actor;
using AkkaKv.Slots;

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

    /// <summary>Runs the slot's expiry timer only while it holds keys with a TTL: 1024 idle slots each woken every
    /// second measured ~8% of a core on an idle node, most of it thread wake-ups.</summary>
    public static void Schedule(ITimerScheduler timers, SlotState state) => Schedule(timers, state.HasPendingExpiries);

    /// <summary>As <see cref="Schedule(ITimerScheduler, SlotState)"/>, for a caller that read the state under its lock.</summary>
    public static void Schedule(ITimerScheduler timers, bool hasPendingExpiries)
    {
        const string key = "expire";
        if (!hasPendingExpiries)
        {
            timers.Cancel(key);
        }
        else if (!timers.IsTimerActive(key))
        {
            timers.StartPeriodicTimer(key, Instance, Interval);
        }
    }
}
