using System.Net.Sockets;
using System.Text;

namespace AkkaKv.Server.Tests;

/// <summary>Sends bytes exactly as given (HttpClient would repair a malformed request target before sending it).</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync();
        var status = int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }
}
