using Akka.Remote;

namespace AkkaKv.Actors.Hosting;

/// <summary>Why a process could not start, in one line for its operator: a bad setting, a taken port, data written with
/// another slot count. Null for anything else (a bug), which keeps its stack trace.</summary>
public static class StartupFailure
{
    public static string? Describe(Exception e) => e switch
    {
        FormatException or InvalidOperationException or IOException => e.Message,
        // Akka's start-up wraps a failed bind in layers of AggregateException.
        AggregateException { InnerException: { } inner } => Describe(inner),
        RemoteTransportException remote => $"{remote.Message.Split(". See InnerException", 2)[0]}: {remote.GetBaseException().Message}",
        _ => null,
    };
}
