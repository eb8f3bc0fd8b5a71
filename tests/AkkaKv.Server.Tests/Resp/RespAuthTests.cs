using System.Globalization;
using System.Net;
using StackExchange.Redis;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>A node with <c>AkkaKv:Resp:Password</c>: as Redis with requirepass, nothing but AUTH, HELLO … AUTH, QUIT
/// and RESET runs before the client authenticates.</summary>
public sealed class RespAuthTests(PasswordRespNode node) : IClassFixture<PasswordRespNode>
{
    private readonly string _key = $"auth:{Guid.NewGuid():N}";

    [Fact]
    public async Task Commands_before_auth_get_NOAUTH_a_wrong_password_WRONGPASS_and_the_right_one_OK()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal("-NOAUTH Authentication required.\r\n", await client.CommandAsync("GET", _key));
        Assert.Equal("-NOAUTH Authentication required.\r\n", await client.CommandAsync("SET", _key, "v"));
        Assert.Equal("-NOAUTH Authentication required.\r\n", await client.CommandAsync("PING"));
        await client.SendAsync("INFO\r\n");
        Assert.Equal("-NOAUTH Authentication required.\r\n", await client.ReadReplyAsync());
        Assert.StartsWith("-NOAUTH HELLO must be called with the client already authenticated", await client.CommandAsync("HELLO", "3"), StringComparison.Ordinal);

        const string wrongPass = "-WRONGPASS invalid username-password pair or user is disabled.\r\n";
        Assert.Equal(wrongPass, await client.CommandAsync("AUTH", "not-the-password"));
        Assert.Equal(wrongPass, await client.CommandAsync("AUTH", "default", "not-the-password"));
        Assert.Equal(wrongPass, await client.CommandAsync("AUTH", "someone", PasswordRespNode.Password));
        Assert.Equal("-NOAUTH Authentication required.\r\n", await client.CommandAsync("GET", _key));

        Assert.Equal("+OK\r\n", await client.CommandAsync("AUTH", PasswordRespNode.Password));
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", _key, "v"));
        Assert.Equal("$1\r\nv\r\n", await client.CommandAsync("GET", _key));

        // Authentication is per connection.
        await using var second = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal("-NOAUTH Authentication required.\r\n", await second.CommandAsync("GET", _key));
        Assert.Equal("+OK\r\n", await second.CommandAsync("AUTH", "default", PasswordRespNode.Password));
        Assert.Equal("$1\r\nv\r\n", await second.CommandAsync("GET", _key));
        // RESET forgets it, as in Redis.
        Assert.Equal("+RESET\r\n", await second.CommandAsync("RESET"));
        Assert.Equal("-NOAUTH Authentication required.\r\n", await second.CommandAsync("GET", _key));
    }

    [Fact]
    public async Task Hello_with_auth_authenticates_and_switches_protocol()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal(
            "-WRONGPASS invalid username-password pair or user is disabled.\r\n",
            await client.CommandAsync("HELLO", "3", "AUTH", "default", "nope"));
        Assert.StartsWith("%7\r\n", await client.CommandAsync("HELLO", "3", "AUTH", "default", PasswordRespNode.Password), StringComparison.Ordinal);
        Assert.Equal("_\r\n", await client.CommandAsync("GET", _key + ":missing"));
    }

    [Fact]
    public async Task Redis_cli_and_StackExchange_Redis_authenticate_with_the_password()
    {
        var port = node.Port.ToString(CultureInfo.InvariantCulture);
        var cli = await CommandLineTool.RunAsync("redis-cli", ["-p", port, "--no-raw", "--no-auth-warning", "-a", PasswordRespNode.Password, "SET", _key, "from-cli"]);
        Assert.Equal("OK\n", cli.StandardOutput);
        var denied = await CommandLineTool.RunAsync("redis-cli", ["-p", port, "--no-raw", "GET", _key]);
        Assert.Equal("(error) NOAUTH Authentication required.\n", denied.StandardOutput);

        var options = new ConfigurationOptions { EndPoints = { new IPEndPoint(IPAddress.Loopback, node.Port) }, Password = PasswordRespNode.Password };
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(options))
        {
            Assert.Equal("from-cli", await redis.GetDatabase().StringGetAsync(_key));
        }

        options.Password = "wrong";
        options.ConnectTimeout = 5000;
        var failure = await Assert.ThrowsAsync<RedisConnectionException>(() => ConnectionMultiplexer.ConnectAsync(options));
        Assert.Contains("authentication failure", failure.Message, StringComparison.Ordinal);
        Assert.Contains("WRONGPASS invalid username-password pair or user is disabled.", failure.Message, StringComparison.Ordinal);
    }
}
