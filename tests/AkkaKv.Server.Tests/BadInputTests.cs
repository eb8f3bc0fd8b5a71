using System.Net;
using System.Text;

namespace AkkaKv.Server.Tests;

/// <summary>Every bad request gets the documented status and a JSON error, and leaves the store as it was.</summary>
public sealed class BadInputTests(RunningNode node) : IClassFixture<RunningNode>
{
    private const string Key = "bad/guarded";
    private HttpClient Http => node.Http;

    private async Task<string> GuardedValue()
    {
        var entry = await HttpAssert.Json(await Http.GetAsync($"/v1/kv/{Key}"), HttpStatusCode.OK);
        return entry.GetProperty("value").GetString()!;
    }

    private async Task AssertRefused(HttpRequestMessage request, HttpStatusCode status, string code)
    {
        await Http.PutAsync($"/v1/kv/{Key}", new StringContent("original"));
        using (request)
        {
            await HttpAssert.Error(await Http.SendAsync(request), status, code);
        }

        Assert.Equal("original", await GuardedValue());
    }

    private static HttpRequestMessage Put(string path, HttpContent content) => new(HttpMethod.Put, path) { Content = content };

    [Fact]
    public Task Oversized_value_is_refused_with_413() =>
        AssertRefused(Put($"/v1/kv/{Key}", new ByteArrayContent(new byte[65537])), HttpStatusCode.RequestEntityTooLarge, "value_too_large");

    [Fact]
    public Task Oversized_chunked_value_is_refused_with_413()
    {
        var content = new StreamContent(new MemoryStream(new byte[200_000]));
        var request = Put($"/v1/kv/{Key}", content);
        request.Headers.TransferEncodingChunked = true;
        return AssertRefused(request, HttpStatusCode.RequestEntityTooLarge, "value_too_large");
    }

    [Fact]
    public async Task Oversized_key_is_refused_and_not_stored()
    {
        var key = "bad/" + new string('k', 1021);
        await HttpAssert.Error(await Http.PutAsync($"/v1/kv/{key}", new StringContent("v")), HttpStatusCode.BadRequest, "key_too_large");
        await HttpAssert.Error(await Http.GetAsync($"/v1/kv/{key}"), HttpStatusCode.BadRequest, "key_too_large");
        var fits = "bad/" + new string('k', 1020);
        await HttpAssert.Json(await Http.PutAsync($"/v1/kv/{fits}", new StringContent("v")), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Empty_key_is_refused() =>
        await HttpAssert.Error(await Http.PutAsync("/v1/kv/", new StringContent("v")), HttpStatusCode.BadRequest, "empty_key");

    [Fact]
    public async Task Invalid_utf8_in_the_key_is_refused()
    {
        await HttpAssert.Error(await Http.PutAsync("/v1/kv/bad/%FF%FE", new StringContent("v")), HttpStatusCode.BadRequest, "invalid_utf8");
        await HttpAssert.Error(await Http.GetAsync("/v1/kv/bad/%C3"), HttpStatusCode.BadRequest, "invalid_utf8");
        var (status, body) = await RawHttp.SendAsync(node.Server.BaseAddress, "GET /v1/kv/bad/%G1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(400, status);
        Assert.Contains("\"malformed_request\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public Task Invalid_utf8_in_the_value_is_refused() =>
        AssertRefused(Put($"/v1/kv/{Key}", new ByteArrayContent([0x61, 0xC3, 0x28])), HttpStatusCode.BadRequest, "invalid_utf8");

    [Theory]
    [InlineData("{\"value\": \"unterminated")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"value\": 42}")]
    [InlineData("{\"ttl\": 5}")]
    [InlineData("{\"value\": \"v\", \"unknown\": true}")]
    public Task Malformed_json_is_refused(string body) =>
        AssertRefused(Put($"/v1/kv/{Key}", new StringContent(body, Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "malformed_request");

    [Theory]
    [InlineData("ttl=abc")]
    [InlineData("ttl=0")]
    [InlineData("ttl=-5")]
    [InlineData("prevVersion=x")]
    [InlineData("prevVersion=-1")]
    public Task Malformed_parameters_are_refused(string query) =>
        AssertRefused(Put($"/v1/kv/{Key}?{query}", new StringContent("changed")), HttpStatusCode.BadRequest, "invalid_parameter");

    [Fact]
    public async Task Malformed_scan_parameters_are_refused()
    {
        await HttpAssert.Error(await Http.GetAsync("/v1/kv?limit=0"), HttpStatusCode.BadRequest, "invalid_parameter");
        await HttpAssert.Error(await Http.GetAsync("/v1/kv?limit=5000"), HttpStatusCode.BadRequest, "invalid_parameter");
        await HttpAssert.Error(await Http.GetAsync("/v1/kv?cursor=%%%"), HttpStatusCode.BadRequest, "invalid_parameter");
    }

    [Fact]
    public async Task Unknown_routes_and_methods_get_json_errors()
    {
        await HttpAssert.Error(await Http.GetAsync("/v2/nothing"), HttpStatusCode.NotFound, "not_found");
        await HttpAssert.Error(await Http.PostAsync($"/v1/kv/{Key}", new StringContent("v")), HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }
}
