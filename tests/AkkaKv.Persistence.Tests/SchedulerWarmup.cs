using Akka.Actor;

namespace AkkaKv.Persistence.Tests;

/// <summary>
/// Starts an ActorSystem's scheduler from the test's own thread, before the test's actors run.
/// </summary>
/// <remarks>
/// Akka 1.5's HashedWheelTimerScheduler starts on first use: it queues its clock loop to the thread pool and blocks the
/// caller until that loop has run (akkadotnet/akka.net#7130). In a bare test ActorSystem the first use can be 200
/// persistent actors starting recovery at once, each scheduling its recovery timeout from a pool thread: every pool
/// thread then blocks in that wait while the loop sits queued behind them, the pool adds threads only slowly, and
/// the whole test process (the other tests' ActorSystems too) stalled for ~20 s. dotnet-stack showed the pool threads in
/// HashedWheelTimerScheduler.Start; one test timed out in CI. A node does not meet this: remoting and the cluster use
/// the scheduler while the system starts, before any slot runs.
/// </remarks>
internal static class SchedulerWarmup
{
    public static ActorSystem WithSchedulerStarted(this ActorSystem system)
    {
        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
        return system;
    }
}
