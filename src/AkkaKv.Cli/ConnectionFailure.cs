using System.Net.Http;
using System.Net.Sockets;

namespace AkkaKv.Cli;

/// <summary>Turns what HttpClient throws when there is no answer into the short reason an operator reads:
/// "connection refused" says the node is down or the port is wrong, "unknown host" says the name is wrong.</summary>
public static class ConnectionFailure
{
    /// <summary>The reason, or null when the exception is not about reaching the address.</summary>
    public static string? Reason(Exception e)
    {
        if (e is TaskCanceledException { InnerException: TimeoutException })
        {
            // SocketsHttpHandler.ConnectTimeout expired.
            return $"no connection within {ManagementClient.ConnectTimeout.TotalSeconds:0} s";
        }

        if (e is not HttpRequestException http)
        {
            return null;
        }

        var socket = FindSocketException(http);
        if (socket is not null)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                SocketError.TimedOut => "timed out",
                SocketError.NetworkUnreachable => "network unreachable",
                SocketError.HostUnreachable => "host unreachable",
                SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                _ => socket.Message.ReplaceLineEndings(" "),
            };
        }

        return http.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "unknown host",
            HttpRequestError.ConnectionError => "connection failed",
            HttpRequestError.ResponseEnded => "the connection closed without an answer",
            // Something answered, but not in HTTP: typically the RESP port given instead of the management port.
            HttpRequestError.InvalidResponse => "the answer is not HTTP (is this the management port?)",
            HttpRequestError.SecureConnectionError => "TLS failed (the management endpoint speaks plain HTTP)",
            _ => http.Message.ReplaceLineEndings(" "),
        };
    }

    private static SocketException? FindSocketException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }
}
