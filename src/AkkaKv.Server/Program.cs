using AkkaKv.Server;

try
{
    NodeHost.Build(args).Run();
}
catch (Exception e) when (e is InvalidOperationException or IOException or FormatException)
{
    // A node that cannot start (port taken, data written with another slot count, bad setting) says why in one line.
    Console.Error.WriteLine($"akkakv-server: cannot start: {e.Message}");
    return 1;
}

return 0;
