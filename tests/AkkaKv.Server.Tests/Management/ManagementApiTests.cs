using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AkkaKv.Server.Tests.Cluster;

namespace AkkaKv.Server.Tests.Management;

/// <summary>The management endpoint over HTTP, as curl or a script uses it: reads everywhere, changes only on the
/// management port and only with the token, a lighthouse answering for membership and sharding only.</summary>
[Trait("Category", "Cluster")]
[Collection(ManagedClusterCollection.Name)]
public sealed class ManagementApiTests(ManagedCluster cluster)
{
    // Sizes are reported every 2 s (SlotReporter); the wait leaves room for a slow machine.
    private static readonly TimeSpan ReportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_member_shows_the_same_three_members_and_a_lighthouse_says_what_it_is()
    {
        foreach (var port in new[] { cluster.Lighthouse.ManagementPort, cluster.Nodes[0].ManagementPort, cluster.Nodes[1].ManagementPort })
        {
            using var http = Client(port);
            using var show = JsonDocument.Parse(await http.GetStringAsync("/v1/admin/cluster"));
            var members = show.RootElement.GetProperty("members").EnumerateArray().ToList();
            Assert.Equal(3, members.Count);
            Assert.All(members, m => Assert.Equal("Up", m.GetProperty("status").GetString()));
            Assert.Contains(members, m => m.GetProperty("address").GetString() == cluster.Lighthouse.Address
                                          && m.GetProperty("roles")[0].GetString() == "lighthouse");
        }

        using var lighthouse = Client(cluster.Lighthouse.ManagementPort);
        using var node = JsonDocument.Parse(await lighthouse.GetStringAsync("/v1/admin/node"));
        Assert.Equal("lighthouse", node.RootElement.GetProperty("kind").GetString());
        Assert.False(node.RootElement.TryGetProperty("httpPort", out _));

        using var slots = await lighthouse.GetAsync("/v1/admin/slots");
        Assert.Equal(HttpStatusCode.NotFound, slots.StatusCode);
        Assert.Contains("lighthouse", await slots.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_http_port_serves_reads_but_never_a_change()
    {
        var node = cluster.Nodes[1];
        using var show = await node.Http.GetAsync("/v1/admin/cluster");
        Assert.Equal(HttpStatusCode.OK, show.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/admin/cluster/leave") { Content = JsonContent.Create(new { }) };
        request.Headers.Authorization = new("Bearer", ManagedCluster.Token);
        using var leave = await node.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, leave.StatusCode);
        Assert.Contains("management port only", await leave.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var after = JsonDocument.Parse(await node.Http.GetStringAsync("/v1/admin/cluster"));
        Assert.Equal("Up", after.RootElement.GetProperty("selfStatus").GetString());
    }

    [Fact]
    public async Task A_setting_changes_only_with_the_token_and_resp_sees_the_change()
    {
        using var http = Client(cluster.Nodes[0].ManagementPort);
        using var refused = await http.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "64mb" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("0", await ConfigValueAsync(http, "maxmemory"));

        http.DefaultRequestHeaders.Authorization = new("Bearer", ManagedCluster.Token);
        using var bad = await http.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "lots" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await http.PutAsJsonAsync("/v1/admin/config/no-such-setting", new { value = "1" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var accepted = await http.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "64mb" });
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("67108864", await ConfigValueAsync(http, "maxmemory"));
        var resp = await Resp.CommandLineTool.RunAsync("redis-cli", ["-p", cluster.Nodes[0].RespPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "CONFIG", "GET", "maxmemory"]);
        Assert.Equal("maxmemory\n67108864", resp.StandardOutput.Trim());

        using var reset = await http.PutAsJsonAsync("/v1/admin/config/maxmemory", new { value = "0" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
    }

    [Fact]
    public async Task Slot_map_reports_each_slot_owner_and_the_bytes_it_holds()
    {
        using var put = await cluster.Nodes[0].Http.PutAsync("/v1/kv/management-bytes", new StringContent("twelve bytes"));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var slot = new AkkaKv.Keys.SlotHasher(1024).SlotOf("management-bytes");
        using var http = Client(cluster.Nodes[1].ManagementPort);

        var deadline = DateTime.UtcNow + ReportWait;
        JsonElement entry;
        bool allOwned;
        do
        {
            using var map = JsonDocument.Parse(await http.GetStringAsync("/v1/admin/slots"));
            Assert.Equal(1024, map.RootElement.GetProperty("slotCount").GetInt32());
            var slots = map.RootElement.GetProperty("slots");
            // A slot moving between nodes (another test adds and removes a node) has no owner for a moment.
            allOwned = slots.EnumerateArray().All(s => !string.IsNullOrEmpty(s.GetProperty("owner").GetString()));
            entry = slots[slot].Clone();
            if (allOwned && entry.GetProperty("bytes").GetInt64() >= "management-bytes".Length + "twelve bytes".Length)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        Assert.True(allOwned, "some slot had no owner in every map read");
        // Other tests may add keys to the same slot; this key's own bytes are the least it can hold.
        Assert.True(entry.GetProperty("bytes").GetInt64() >= 28, $"slot {slot}: {entry}");
        Assert.True(entry.GetProperty("keys").GetInt32() >= 1);
    }

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task<string?> ConfigValueAsync(HttpClient http, string name)
    {
        using var config = JsonDocument.Parse(await http.GetStringAsync("/v1/admin/config"));
        return config.RootElement.GetProperty("settings").EnumerateArray()
            .Single(s => s.GetProperty("name").GetString() == name).GetProperty("value").GetString();
    }
}
