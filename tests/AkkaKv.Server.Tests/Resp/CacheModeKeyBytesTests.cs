using System.Net;
using StackExchange.Redis;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>In cache mode a plain GET and SET never make a string of the key: they check and look it up as the bytes
/// that came. Every other command goes through a string. Both must reach the same entry for any key UTF-8 can hold.</summary>
public sealed class CacheModeKeyBytesTests(CacheRespNode node) : IClassFixture<CacheRespNode>
{
    public static TheoryData<string> Keys => new() { "ascii", "clé-ü", "キー", "emoji-🗝️", new string('k', 1024) };

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Keys_set_and_read_as_bytes_are_the_keys_other_commands_see(string name)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(new ConfigurationOptions
        {
            EndPoints = { new IPEndPoint(IPAddress.Loopback, node.Port) },
            AbortOnConnectFail = true,
        });
        var db = redis.GetDatabase();
        var key = name.Length > 100 ? name : $"bytes:{name}";

        // Plain SET and GET: the byte path.
        Assert.True(await db.StringSetAsync(key, "välue-1"));
        Assert.Equal("välue-1", await db.StringGetAsync(key));

        // Commands that make a string of the key see the same entry.
        Assert.True(await db.KeyExistsAsync(key));
        Assert.Equal("välue-1".Length + 1, await db.StringLengthAsync(key)); // ä is 2 bytes
        Assert.Contains((RedisKey)key, redis.GetServer(IPAddress.Loopback.ToString(), node.Port).Keys(pattern: key));

        // A SET with an option takes the string path; the byte GET sees what it wrote, and the byte SET replaces it.
        Assert.True(await db.StringSetAsync(key, "välue-2", TimeSpan.FromMinutes(5)));
        Assert.Equal("välue-2", await db.StringGetAsync(key));
        Assert.True(await db.StringSetAsync(key, "välue-3"));
        Assert.Null(await db.KeyTimeToLiveAsync(key)); // a plain SET clears the TTL, as in Redis
        Assert.Equal("välue-3", await db.StringGetAsync(key));

        Assert.True(await db.KeyDeleteAsync(key));
        Assert.True((await db.StringGetAsync(key)).IsNull);
    }
}
