using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Management;

/// <summary>A change is refused on the public HTTP listener even when it shares the management port's number on
/// another address (127.0.0.2 and 127.0.0.1 are both loopback here): the guard tells the listeners apart by the
/// connection, not by the port number.</summary>
public sealed class ChangeGuardTests
{
    [Fact]
    public async Task A_public_listener_with_the_management_port_number_still_cannot_change_anything()
    {
        using var dir = new TempDir();
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var node = await ServerProcess.StartAsync(dir.Path, "--AkkaKv:Mode=Cache",
            "--AkkaKv:Http:Host=127.0.0.2", $"--AkkaKv:Http:Port={port}", $"--AkkaKv:Management:Port={port}");
        Assert.Equal("127.0.0.2", node.BaseAddress.Host);
        Assert.Equal(node.ManagementPort, node.BaseAddress.Port);

        using var refused = await node.Http.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "1mb" });
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Contains("management port only", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        using var accepted = await management.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "1mb" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        using var config = JsonDocument.Parse(await node.Http.GetStringAsync("/v1/admin/config"));
        Assert.Contains(config.RootElement.GetProperty("settings").EnumerateArray(), s => s.GetProperty("value").GetString() == "1048576");
    }
}
