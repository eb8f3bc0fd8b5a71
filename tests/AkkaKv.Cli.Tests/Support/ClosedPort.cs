using System.Net;
using System.Net.Sockets;

namespace AkkaKv.Cli.Tests.Support;

/// <summary>A loopback port with nothing listening: the OS hands out a free one, and it is closed again at once.</summary>
public static class ClosedPort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
