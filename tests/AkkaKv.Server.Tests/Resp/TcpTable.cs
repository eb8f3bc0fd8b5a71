using System.Globalization;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>The kernel's view of a loopback TCP connection (Linux /proc/net/tcp): whether the server's end of it is
/// still open, which a client that reads nothing cannot see (a FIN waits behind the replies it has not read).</summary>
public static class TcpTable
{
    /// <summary>The state of the socket bound to 127.0.0.1:<paramref name="localPort"/> and connected to
    /// 127.0.0.1:<paramref name="remotePort"/> ("ESTABLISHED", "FIN_WAIT1", …), or null when there is none.</summary>
    public static string? StateOf(int localPort, int remotePort)
    {
        var local = $"0100007F:{localPort:X4}";
        var remote = $"0100007F:{remotePort:X4}";
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[1] == local && fields[2] == remote)
            {
                return int.Parse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture) switch
                {
                    1 => "ESTABLISHED",
                    4 => "FIN_WAIT1",
                    5 => "FIN_WAIT2",
                    6 => "TIME_WAIT",
                    7 => "CLOSE",
                    8 => "CLOSE_WAIT",
                    9 => "LAST_ACK",
                    11 => "CLOSING",
                    var other => $"state {other}",
                };
            }
        }

        return null;
    }
}
