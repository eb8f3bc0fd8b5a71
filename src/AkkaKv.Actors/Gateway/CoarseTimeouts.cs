using System.Collections.Concurrent;

namespace AkkaKv.Actors.Gateway;

/// <summary>Request deadlines shared per 100 ms tick: every request that must give up in the same tick waits on one
/// CancellationToken, instead of each Ask arming a timer of its own (a timer-queue insert and removal per request).</summary>
public sealed class CoarseTimeouts : IDisposable
{
    private const long TickMs = 100;
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _ticks = new();
    private readonly Timer _timer;

    public CoarseTimeouts()
    {
        _timer = new Timer(_ => CancelDue(), null, TickMs, TickMs);
    }

    /// <summary>A token cancelled between <paramref name="timeout"/> and <paramref name="timeout"/> + 200 ms from now.</summary>
    public CancellationToken After(TimeSpan timeout)
    {
        var tick = ((Environment.TickCount64 + (long)timeout.TotalMilliseconds) / TickMs) + 1;
        return _ticks.GetOrAdd(tick, static _ => new CancellationTokenSource()).Token;
    }

    public void Dispose()
    {
        _timer.Dispose();
        foreach (var source in _ticks.Values)
        {
            source.Cancel();
            source.Dispose();
        }
    }

    private void CancelDue()
    {
        var now = Environment.TickCount64 / TickMs;
        foreach (var tick in _ticks.Keys)
        {
            if (tick <= now && _ticks.TryRemove(tick, out var source))
            {
                source.Cancel();
                source.Dispose();
            }
        }
    }
}
