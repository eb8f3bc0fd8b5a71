using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>In store mode a RESP write is acknowledged once it is journaled: SIGKILL right after the replies, restart
/// on the same data directory, and every acknowledged write is there.</summary>
public sealed class RespDurabilityTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Writes_acknowledged_over_resp_survive_SIGKILL_and_restart()
    {
        await using (var node = await ServerProcess.StartAsync(_dir.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(node.RespPort);
            Assert.Equal("+OK\r\n", await client.CommandAsync("SET", "dur:plain", "survives"));
            Assert.Equal("+OK\r\n", await client.CommandAsync("SET", "dur:ttl", "later", "EX", "3600"));
            Assert.Equal("+OK\r\n", await client.CommandAsync("MSET", "{dur}a", "1", "{dur}b", "2"));

            // A pipeline of 100 INCRs and a transaction, all in one write; the last reply is awaited, then the kill.
            await client.SendAsync([.. Enumerable.Repeat(RawRespClient.Encode("INCR", "dur:counter"), 100).SelectMany(b => b)]);
            for (var i = 1; i <= 100; i++)
            {
                Assert.Equal($":{i}\r\n", await client.ReadReplyAsync());
            }

            Assert.Equal("+OK\r\n", await client.CommandAsync("MULTI"));
            Assert.Equal("+QUEUED\r\n", await client.CommandAsync("APPEND", "{dur}a", "0"));
            Assert.Equal("+QUEUED\r\n", await client.CommandAsync("DEL", "{dur}b"));
            Assert.Equal("*2\r\n:2\r\n:1\r\n", await client.CommandAsync("EXEC"));

            node.Kill();
        }

        await using (var restarted = await ServerProcess.StartAsync(_dir.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(restarted.RespPort);
            Assert.Equal("$8\r\nsurvives\r\n", await client.CommandAsync("GET", "dur:plain"));
            Assert.Equal("$5\r\nlater\r\n", await client.CommandAsync("GET", "dur:ttl"));
            var ttl = await client.CommandAsync("TTL", "dur:ttl");
            Assert.InRange(int.Parse(ttl[1..^2], System.Globalization.CultureInfo.InvariantCulture), 3500, 3600);
            Assert.Equal("$3\r\n100\r\n", await client.CommandAsync("GET", "dur:counter"));
            Assert.Equal("$2\r\n10\r\n", await client.CommandAsync("GET", "{dur}a"));
            Assert.Equal(":0\r\n", await client.CommandAsync("EXISTS", "{dur}b"));
        }
    }
}
