namespace AkkaKv.Server.Tests.Resp;

/// <summary>A pipeline is parsed ahead of running it, a window of commands at a time (the keys of a window are read into
/// the cache together): every command still runs once and in order, an empty array is no command, and nothing sent
/// after a QUIT runs.</summary>
public sealed class RespPipelineTests(CacheRespNode node) : IClassFixture<CacheRespNode>
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Key(string name) => $"pipe:{_id}:{name}";

    [Fact]
    public async Task A_pipeline_of_many_windows_runs_each_command_once_in_order_and_nothing_after_quit()
    {
        const int increments = 20; // 40 commands and more: several windows
        var pipeline = new List<byte>();
        for (var i = 0; i < increments; i++)
        {
            pipeline.AddRange(RawRespClient.Encode("INCR", Key("n")));
            pipeline.AddRange(RawRespClient.Encode("GET", Key("n")));
            if (i == 5)
            {
                pipeline.AddRange("*0\r\n"u8.ToArray());
            }
        }

        pipeline.AddRange(RawRespClient.Encode("QUIT"));
        pipeline.AddRange(RawRespClient.Encode("SET", Key("after-quit"), "x"));
        pipeline.AddRange(RawRespClient.Encode("INCR", Key("n")));

        await using (var client = await RawRespClient.ConnectAsync(node.Port))
        {
            await client.SendAsync([.. pipeline]);
            for (var i = 1; i <= increments; i++)
            {
                Assert.Equal($":{i}\r\n", await client.ReadReplyAsync());
                Assert.Equal($"${i.ToString().Length}\r\n{i}\r\n", await client.ReadReplyAsync());
            }

            Assert.Equal("+OK\r\n", await client.ReadReplyAsync());
            var (closed, rest) = await client.DrainUntilClosedAsync(TimeSpan.FromSeconds(10));
            Assert.True(closed);
            Assert.Equal(0, rest); // no reply to anything after QUIT
        }

        await using var check = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal($"$2\r\n{increments}\r\n", await check.CommandAsync("GET", Key("n")));
        Assert.Equal(":0\r\n", await check.CommandAsync("EXISTS", Key("after-quit")));
    }
}
