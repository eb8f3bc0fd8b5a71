using System.Net;
using System.Net.Sockets;
using AkkaKv.Server.Tests.Resp;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Cluster;

/// <summary>A node that is not an Up member (here: its seed never answers, so it never joins) refuses data requests at
/// once and retryably on both front ends, instead of letting them hang until a timeout.</summary>
public sealed class NotServingTests
{
    [Fact]
    public async Task A_node_that_has_not_joined_refuses_data_commands_at_once_on_both_front_ends()
    {
        using var dir = new TempDir();
        int http = FreePort.Next(), resp = FreePort.Next(), deadSeed = FreePort.Next();
        await using var server = ServerProcess.Launch(dir.Path, "--AkkaKv:Mode=Cache", $"--AkkaKv:Http:Port={http}",
            $"--AkkaKv:Resp:Port={resp}", $"--AkkaKv:Remote:Seeds:0=akka.tcp://akkakv@127.0.0.1:{deadSeed}");
        await using var client = await ConnectAsync(resp, server);

        Assert.Equal("+PONG\r\n", await client.CommandAsync("PING"));
        Assert.StartsWith("-TRYAGAIN the node is not serving (cluster status", await client.CommandAsync("GET", "k"), StringComparison.Ordinal);
        Assert.StartsWith("-TRYAGAIN ", await client.CommandAsync("SET", "k", "v"), StringComparison.Ordinal);
        Assert.StartsWith("-TRYAGAIN ", await client.CommandAsync("DBSIZE"), StringComparison.Ordinal);

        using var httpClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}"), Timeout = TimeSpan.FromSeconds(10) };
        using var response = await httpClient.PutAsync("/v1/kv/k", new StringContent("v"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not serving", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<RawRespClient> ConnectAsync(int port, ServerProcess server)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                return await RawRespClient.ConnectAsync(port);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !server.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }
}
