using System.Net;
using System.Text;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>Replicated keys on one node through both front ends: the per-connection consistency switches of the Redis
/// protocol (READONLY / READWRITE, CLIENT CONSISTENCY), ?consistency= on the HTTP API, and the replicated budget.</summary>
public sealed class ReplicatedKeysTests(ReplicatedRespNode node) : IClassFixture<ReplicatedRespNode>
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_connection_switches_its_read_and_write_consistency_and_reads_its_own_writes()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        var key = $"/_sys/{_id}/a";
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", key, "1"));
        Assert.Equal(Bulk("read=linearizable write=majority"), await client.CommandAsync("CLIENT", "CONSISTENCY"));

        Assert.Equal("+OK\r\n", await client.CommandAsync("READONLY"));
        Assert.Equal("$1\r\n1\r\n", await client.CommandAsync("GET", key));
        Assert.Equal(Bulk("read=local write=majority"), await client.CommandAsync("CLIENT", "CONSISTENCY"));

        Assert.Equal("+OK\r\n", await client.CommandAsync("CLIENT", "CONSISTENCY", "WRITE", "all", "READ", "majority"));
        // A pipeline: each GET, answered by the replicas, still follows the SET before it.
        var pipeline = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            pipeline.Append(Encoding.UTF8.GetString(RawRespClient.Encode("SET", key, $"v{i}")));
            pipeline.Append(Encoding.UTF8.GetString(RawRespClient.Encode("GET", key)));
        }

        await client.SendAsync(pipeline.ToString());
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("+OK\r\n", await client.ReadReplyAsync());
            Assert.Equal(Bulk($"v{i}"), await client.ReadReplyAsync());
        }

        Assert.Equal("$-1\r\n", await client.CommandAsync("GET", $"/_sys/{_id}/missing"));
        Assert.StartsWith("-ERR syntax error", await client.CommandAsync("CLIENT", "CONSISTENCY", "READ", "eventually"), StringComparison.Ordinal);
        Assert.StartsWith("-ERR syntax error", await client.CommandAsync("CLIENT", "CONSISTENCY", "WRITE"), StringComparison.Ordinal);
        Assert.Equal(Bulk("read=majority write=all"), await client.CommandAsync("CLIENT", "CONSISTENCY"));
        Assert.Equal("+OK\r\n", await client.CommandAsync("READWRITE"));
        Assert.Equal(Bulk("read=linearizable write=all"), await client.CommandAsync("CLIENT", "CONSISTENCY"));
        Assert.Equal(Bulk("v19"), await client.CommandAsync("GET", key));
        Assert.Equal(":1\r\n", await client.CommandAsync("DEL", key));
    }

    [Fact]
    public async Task The_http_api_takes_a_consistency_per_request_and_refuses_an_unknown_one()
    {
        var key = Uri.EscapeDataString($"/_sys/{_id}/h");
        using (var put = await node.Server.Http.PutAsync($"/v1/kv/{key}?consistency=all", new StringContent("hv")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        foreach (var level in new[] { "local", "majority", "linearizable", "LOCAL" })
        {
            using var get = await node.Server.Http.GetAsync($"/v1/kv/{key}?consistency={level}");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            Assert.Contains("\"value\":\"hv\"", await get.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var bad = await node.Server.Http.GetAsync($"/v1/kv/{key}?consistency=all"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("linearizable, majority or local", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var bad = await node.Server.Http.PutAsync($"/v1/kv/{key}?consistency=1", new StringContent("changed")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var delete = await node.Server.Http.DeleteAsync($"/v1/kv/{key}?consistency=majority"))
        {
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        }

        using var gone = await node.Server.Http.GetAsync($"/v1/kv/{key}?consistency=local");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        // The node's stats show the replicated keyspaces and their budget.
        using var stats = System.Text.Json.JsonDocument.Parse(await node.Server.Http.GetStringAsync("/v1/admin/stats"));
        var replication = stats.RootElement.GetProperty("replication");
        Assert.True(replication.GetProperty("enabled").GetBoolean());
        Assert.Equal("/_sys/", replication.GetProperty("prefixes")[0].GetString());
        Assert.Equal(ReplicatedRespNode.MaxKeys, replication.GetProperty("maxKeys").GetInt64());
        Assert.Equal("majority", replication.GetProperty("writeConsistency").GetString());
    }

    [Fact]
    public async Task Writes_over_the_replicated_budget_are_refused_with_OOM_and_other_keys_are_unaffected()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        // The node recounts its replica every 250 ms: write slowly enough that the count keeps up.
        string? refusal = null;
        var stored = new List<string>();
        for (var i = 0; i < ReplicatedRespNode.MaxKeys * 3 && refusal is null; i++)
        {
            var key = $"/_sys/{_id}/budget/{i}";
            var reply = await client.CommandAsync("SET", key, "x");
            if (reply == "+OK\r\n")
            {
                stored.Add(key);
                await Task.Delay(300);
            }
            else
            {
                refusal = reply;
            }
        }

        Assert.NotNull(refusal);
        Assert.StartsWith("-OOM the replicated keyspaces are full", refusal, StringComparison.Ordinal);
        Assert.InRange(stored.Count, 1, ReplicatedRespNode.MaxKeys);
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", $"plain:{_id}", "still writable"));
        using (var put = await node.Server.Http.PutAsync($"/v1/kv/{Uri.EscapeDataString($"/_sys/{_id}/over")}", new StringContent("x")))
        {
            Assert.Equal(HttpStatusCode.InsufficientStorage, put.StatusCode);
            Assert.Contains("out_of_memory", await put.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Deleting frees room (keys count live ones); the other tests here get theirs back.
        foreach (var key in stored)
        {
            Assert.Equal(":1\r\n", await client.CommandAsync("DEL", key));
        }

        await Task.Delay(500);
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", $"/_sys/{_id}/after-delete", "x"));
        Assert.Equal(":1\r\n", await client.CommandAsync("DEL", $"/_sys/{_id}/after-delete"));
        await Task.Delay(500);
    }

    private static string Bulk(string text) => $"${Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";
}
