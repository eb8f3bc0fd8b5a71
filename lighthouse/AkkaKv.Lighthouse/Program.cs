using Akka.Remote;
using AkkaKv.Lighthouse;
using Microsoft.Extensions.Hosting;

try
{
    LighthouseHost.Build(args).Run();
}
catch (Exception e) when (StartFailure(e) is { } reason)
{
    // A malformed CLUSTER_* variable or setting, or an address it cannot listen on: one line, no stack trace.
    Console.Error.WriteLine($"akkakv-lighthouse: cannot start: {reason}");
    return 1;
}

return 0;

static string? StartFailure(Exception e) => e switch
{
    FormatException or InvalidOperationException or IOException => e.Message,
    // Akka's start-up wraps a failed bind in layers of AggregateException.
    AggregateException { InnerException: { } inner } => StartFailure(inner),
    RemoteTransportException remote => $"{remote.Message.Split(". See InnerException", 2)[0]}: {remote.GetBaseException().Message}",
    _ => null,
};
