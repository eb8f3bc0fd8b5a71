using AkkaKv.Actors.Hosting;
using AkkaKv.Server;

// Run socket completions on the epoll thread instead of queueing each to the thread pool: no request handler here
// blocks (they await slots), and the hop per read measured ~30-40% of single-command (unpipelined) RESP throughput on
// 2 cores. Read once, when the first socket is made, so it must be set before anything opens one; a value already in
// the environment wins.
if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
}

try
{
    NodeHost.Build(args).Run();
}
catch (Exception e) when (StartupFailure.Describe(e) is { } reason)
{
    // A node that cannot start (port taken, data written with another slot count, bad setting) says why in one line.
    Console.Error.WriteLine($"akkakv-server: cannot start: {reason}");
    return 1;
}

return 0;
