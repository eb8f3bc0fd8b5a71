using AkkaKv.Actors.Hosting;
using AkkaKv.Lighthouse;
using Microsoft.Extensions.Hosting;

try
{
    LighthouseHost.Build(args).Run();
}
catch (Exception e) when (StartupFailure.Describe(e) is { } reason)
{
    // A malformed CLUSTER_* variable or setting, or an address it cannot listen on: one line, no stack trace.
    Console.Error.WriteLine($"akkakv-lighthouse: cannot start: {reason}");
    return 1;
}

return 0;
