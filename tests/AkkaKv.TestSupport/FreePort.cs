using System.Net;
using System.Net.Sockets;

namespace AkkaKv.TestSupport;

/// <summary>A TCP port on 127.0.0.1 that was free a moment ago, for a process that must be told its port in advance
/// (a seed's address, a port in a seed list); port 0 serves everything else.</summary>
public static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
