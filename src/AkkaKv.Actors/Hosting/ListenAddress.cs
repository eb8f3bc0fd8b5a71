using System.Net;

namespace AkkaKv.Actors.Hosting;

/// <summary>A listener's configured host as the address Kestrel binds: "0.0.0.0" or "*" is every interface,
/// "localhost" the loopback, anything else an IP literal.</summary>
public static class ListenAddress
{
    public static IPAddress Parse(string host) =>
        host is "0.0.0.0" or "*" ? IPAddress.Any
        : host == "localhost" ? IPAddress.Loopback
        : IPAddress.Parse(host);
}
