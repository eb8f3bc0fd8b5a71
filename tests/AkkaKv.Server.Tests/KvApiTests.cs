using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace AkkaKv.Server.Tests;

public sealed class KvApiTests(RunningNode node) : IClassFixture<RunningNode>
{
    private HttpClient Http => node.Http;

    private static StringContent Text(string value) => new(value, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task Put_get_and_versions_work_as_documented()
    {
        var put = await HttpAssert.Json(await Http.PutAsync("/v1/kv/api/a", Text("hello")), HttpStatusCode.OK);
        Assert.Equal(1, put.GetProperty("version").GetInt64());

        using var get = await Http.GetAsync("/v1/kv/api/a");
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        var entry = await HttpAssert.Json(get, HttpStatusCode.OK);
        Assert.Equal(("api/a", "hello", 1L), (entry.GetProperty("key").GetString(), entry.GetProperty("value").GetString(), entry.GetProperty("version").GetInt64()));
        Assert.False(entry.TryGetProperty("expiresAt", out _));

        var second = await HttpAssert.Json(await Http.PutAsync("/v1/kv/api/a", Text("world")), HttpStatusCode.OK);
        Assert.Equal(2, second.GetProperty("version").GetInt64());
        Assert.True(second.GetProperty("revision").GetInt64() > put.GetProperty("revision").GetInt64());

        await HttpAssert.Error(await Http.GetAsync("/v1/kv/api/never-written"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Compare_and_swap_by_if_match_or_prev_version_answers_412_with_the_current_version()
    {
        await HttpAssert.Json(await Http.PutAsync("/v1/kv/cas/k?prevVersion=0", Text("v1")), HttpStatusCode.OK);
        var conflict = await HttpAssert.Error(await Http.PutAsync("/v1/kv/cas/k?prevVersion=0", Text("again")), HttpStatusCode.PreconditionFailed, "version_mismatch");
        Assert.Equal(1, conflict.GetProperty("currentVersion").GetInt64());

        using var stale = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/cas/k") { Content = Text("stale") };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await HttpAssert.Error(await Http.SendAsync(stale), HttpStatusCode.PreconditionFailed, "version_mismatch");

        using var fresh = new HttpRequestMessage(HttpMethod.Put, "/v1/kv/cas/k") { Content = Text("v2") };
        fresh.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await HttpAssert.Json(await Http.SendAsync(fresh), HttpStatusCode.OK);

        await HttpAssert.Error(await Http.DeleteAsync("/v1/kv/cas/k?prevVersion=1"), HttpStatusCode.PreconditionFailed, "version_mismatch");
        var value = await HttpAssert.Json(await Http.GetAsync("/v1/kv/cas/k"), HttpStatusCode.OK);
        Assert.Equal("v2", value.GetProperty("value").GetString());

        var deleted = await HttpAssert.Json(await Http.DeleteAsync("/v1/kv/cas/k?prevVersion=2"), HttpStatusCode.OK);
        Assert.True(deleted.GetProperty("deleted").GetBoolean());
        await HttpAssert.Error(await Http.GetAsync("/v1/kv/cas/k"), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Error(await Http.DeleteAsync("/v1/kv/cas/k"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_json_body_sets_value_ttl_and_prev_version_and_the_key_expires()
    {
        using var json = new StringContent("""{"value":"temporary ✓","ttl":1,"prevVersion":0}""", Encoding.UTF8, "application/json");
        var put = await HttpAssert.Json(await Http.PutAsync("/v1/kv/ttl/k", json), HttpStatusCode.OK);
        Assert.True(put.TryGetProperty("expiresAt", out _));
        var entry = await HttpAssert.Json(await Http.GetAsync("/v1/kv/ttl/k"), HttpStatusCode.OK);
        Assert.Equal("temporary ✓", entry.GetProperty("value").GetString());

        await Task.Delay(1200);
        await HttpAssert.Error(await Http.GetAsync("/v1/kv/ttl/k"), HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Keys_are_percent_decoded_utf8_and_may_contain_slashes_and_hash_tags()
    {
        await HttpAssert.Json(await Http.PutAsync("/v1/kv/enc/%E2%9C%93%20x%2Fy/{tag}", Text("v")), HttpStatusCode.OK);
        var entry = await HttpAssert.Json(await Http.GetAsync("/v1/kv/enc/%E2%9C%93%20x%2Fy/{tag}"), HttpStatusCode.OK);
        Assert.Equal("enc/✓ x/y/{tag}", entry.GetProperty("key").GetString());
    }

    [Fact]
    public async Task Scan_returns_sorted_pages_across_all_slots_with_an_opaque_cursor()
    {
        var keys = Enumerable.Range(0, 250).Select(i => $"scan/{i:D4}").ToList();
        await Task.WhenAll(keys.Select(k => Http.PutAsync($"/v1/kv/{k}", Text(k))));
        await Http.PutAsync("/v1/kv/scanx", Text("outside the prefix"));

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = "/v1/kv?prefix=scan/&limit=100" + (cursor is null ? "" : $"&cursor={cursor}");
            var page = await HttpAssert.Json(await Http.GetAsync(url), HttpStatusCode.OK);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                Assert.Equal(item.GetProperty("key").GetString(), item.GetProperty("value").GetString());
                seen.Add(item.GetProperty("key").GetString()!);
            }

            cursor = page.GetProperty("cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(keys, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Health_endpoints_report_live_and_ready()
    {
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync("/healthz/ready")).StatusCode);
    }
}
