using System.Diagnostics;
using System.Text;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>What a broken, hostile or slow client sends over a raw socket: the node answers with Redis's protocol
/// errors and closes that connection only, stores nothing half-written, and keeps serving everyone else.</summary>
public sealed class RespBadInputTests(StallingClientsRespNode node) : IClassFixture<StallingClientsRespNode>
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Key(string name) => $"bad:{_id}:{name}";

    public static TheoryData<string, string, string> MalformedFrames => new()
    {
        // name, bytes sent, the error replied before the connection is closed
        { "a simple string where a bulk string belongs", "*1\r\n+PING\r\n", "-ERR Protocol error: expected '$', got '+'\r\n" },
        { "a negative bulk length", "*1\r\n$-5\r\nPING\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "a bulk length that is not a number", "*1\r\n$abc\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "a multibulk count that is not a number", "*x\r\n", "-ERR Protocol error: invalid multibulk length\r\n" },
        { "a bulk string longer than its length", "*1\r\n$4\r\nPINGPONG\r\n", "-ERR Protocol error: expected CRLF after a bulk string\r\n" },
        { "an inline command with unbalanced quotes", "SET k \"unterminated\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n" },
        { "a bulk length over the limit", "*2\r\n$3\r\nGET\r\n$999999999\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "a bulk length one byte over the 64 KiB limit", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$65537\r\n", "-ERR Protocol error: invalid bulk length\r\n" },
        { "a huge multibulk count", "*2000000\r\n", "-ERR Protocol error: invalid multibulk length\r\n" },
    };

    [Theory]
    [MemberData(nameof(MalformedFrames))]
    public async Task A_malformed_frame_gets_the_protocol_error_and_only_that_connection_is_closed(string name, string frame, string error)
    {
        await using var other = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal("+OK\r\n", await other.CommandAsync("SET", Key("stored"), "intact"));

        await using var bad = await RawRespClient.ConnectAsync(node.Port);
        // A good command first: it is answered, in order, before the error.
        await bad.SendAsync("*1\r\n$4\r\nPING\r\n" + frame);
        Assert.Equal("+PONG\r\n", await bad.ReadReplyAsync());
        Assert.Equal(error, await bad.ReadReplyAsync());
        Assert.True((await bad.DrainUntilClosedAsync(CloseTimeout)).Closed, $"{name}: the connection stayed open");

        Assert.Equal("+PONG\r\n", await other.CommandAsync("PING"));
        Assert.Equal("$6\r\nintact\r\n", await other.CommandAsync("GET", Key("stored")));
        Assert.Equal("+OK\r\n", await other.CommandAsync("SET", Key("after"), "v"));
        Assert.Equal("$1\r\nv\r\n", await other.CommandAsync("GET", Key("after")));
    }

    [Fact]
    public async Task A_huge_multibulk_count_is_refused_at_once_without_waiting_for_the_arguments()
    {
        await using var bad = await RawRespClient.ConnectAsync(node.Port);
        var clock = Stopwatch.StartNew();
        await bad.SendAsync("*2000000\r\n");
        Assert.Equal("-ERR Protocol error: invalid multibulk length\r\n", await bad.ReadReplyAsync());
        Assert.True((await bad.DrainUntilClosedAsync(CloseTimeout)).Closed);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Inline_commands_work()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        await client.SendAsync("PING\r\n");
        Assert.Equal("+PONG\r\n", await client.ReadReplyAsync());
        await client.SendAsync($"SET {Key("inline")} \"two words\"\r\nGET {Key("inline")}\r\n\r\nINCR {Key("n")}\nEXISTS {Key("inline")} {Key("none")}\r\n");
        Assert.Equal("+OK\r\n", await client.ReadReplyAsync());
        Assert.Equal("$9\r\ntwo words\r\n", await client.ReadReplyAsync());
        Assert.Equal(":1\r\n", await client.ReadReplyAsync());
        Assert.Equal(":1\r\n", await client.ReadReplyAsync());
        await client.SendAsync("NOSUCHCOMMAND x\r\n");
        Assert.Equal("-ERR unknown command 'NOSUCHCOMMAND', with args beginning with: 'x' \r\n", await client.ReadReplyAsync());
    }

    [Fact]
    public async Task A_command_that_arrives_one_byte_at_a_time_runs_once()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        client.Socket.NoDelay = true;
        foreach (var b in RawRespClient.Encode("INCR", Key("trickle")))
        {
            await client.SendAsync([b]);
        }

        Assert.Equal(":1\r\n", await client.ReadReplyAsync());
        Assert.Equal("$1\r\n1\r\n", await client.CommandAsync("GET", Key("trickle")));
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_command_leaves_nothing_half_written()
    {
        var whole = RawRespClient.Encode("SET", Key("whole"), "w");
        var half = RawRespClient.Encode("SET", Key("half"), new string('v', 1000));
        var queued = RawRespClient.Encode("SET", Key("queued"), "q");
        await using (var leaving = await RawRespClient.ConnectAsync(node.Port))
        {
            // A whole SET, then half of another (its value cut short), then the connection closes.
            await leaving.SendAsync([.. whole, .. half.AsSpan(0, half.Length - 500)]);
            Assert.Equal("+OK\r\n", await leaving.ReadReplyAsync());
        }

        await using (var leaving = await RawRespClient.ConnectAsync(node.Port))
        {
            // A transaction whose EXEC never comes whole.
            var exec = RawRespClient.Encode("EXEC");
            await leaving.SendAsync([.. RawRespClient.Encode("MULTI"), .. queued, .. exec.AsSpan(0, exec.Length - 3)]);
            Assert.Equal("+OK\r\n", await leaving.ReadReplyAsync());
            Assert.Equal("+QUEUED\r\n", await leaving.ReadReplyAsync());
        }

        await using var other = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal("$1\r\nw\r\n", await other.CommandAsync("GET", Key("whole")));
        await Task.Delay(500); // anything the server would still do with the cut frames, it has done by now
        Assert.Equal(":0\r\n", await other.CommandAsync("EXISTS", Key("half")));
        Assert.Equal(":0\r\n", await other.CommandAsync("EXISTS", Key("queued")));
        Assert.Equal("$-1\r\n", await other.CommandAsync("GET", Key("half")));
    }

    [Fact]
    public async Task A_client_that_never_reads_its_replies_is_disconnected_after_the_stall_timeout_while_others_are_served()
    {
        var value = new string('x', 60_000);
        await using var other = await RawRespClient.ConnectAsync(node.Port);
        Assert.Equal("+OK\r\n", await other.CommandAsync("SET", Key("big"), value));

        await using var stalled = await RawRespClient.ConnectAsync(node.Port);
        stalled.Socket.ReceiveBufferSize = 4096;
        var clientPort = ((System.Net.IPEndPoint)stalled.Socket.LocalEndPoint!).Port;
        Assert.Equal("ESTABLISHED", TcpTable.StateOf(node.Port, clientPort));
        // 2,000 GETs of a 60 KB value: 120 MB of replies, far more than socket buffers hold.
        const int gets = 2000;
        var pipeline = RawRespClient.Encode("GET", Key("big"));
        await stalled.SendAsync([.. Enumerable.Repeat(pipeline, gets).SelectMany(b => b)]);
        var clock = Stopwatch.StartNew();

        // While that client is stalled, another is served promptly, again and again.
        while (clock.Elapsed < StallingClientsRespNode.StallTimeout)
        {
            var ping = Stopwatch.StartNew();
            Assert.Equal("+PONG\r\n", await other.CommandAsync("PING"));
            Assert.True(ping.Elapsed < TimeSpan.FromSeconds(3), $"PING took {ping.Elapsed} while another client stalled");
            await Task.Delay(200);
        }

        // The server closes its end soon after the stall timeout, though the client still has not read a byte.
        var serverSide = TcpTable.StateOf(node.Port, clientPort);
        while (serverSide == "ESTABLISHED" && clock.Elapsed < StallingClientsRespNode.StallTimeout + TimeSpan.FromSeconds(5))
        {
            await Task.Delay(100);
            serverSide = TcpTable.StateOf(node.Port, clientPort);
        }

        Assert.True(serverSide != "ESTABLISHED", $"the server still holds the stalled connection open after {clock.Elapsed}");

        // Reading now gets what was already on its way, then the end of the stream: far less than all the replies.
        stalled.Socket.ReceiveBufferSize = 4 * 1024 * 1024;
        var (closed, bytes) = await stalled.DrainUntilClosedAsync(CloseTimeout);
        var total = (long)gets * ("$60000\r\n".Length + value.Length + 2);
        Assert.True(closed, $"the stalled client is still connected after {clock.Elapsed} ({bytes} bytes read)");
        Assert.True(bytes < total / 2, $"the stalled client got {bytes} of {total} bytes of replies: it was not cut off");

        Assert.Equal("+PONG\r\n", await other.CommandAsync("PING"));
        Assert.Equal($"${value.Length}\r\n{value}\r\n", await other.CommandAsync("GET", Key("big")));
    }

    [Fact]
    public async Task Invalid_utf8_in_a_key_or_value_is_refused_and_stores_nothing()
    {
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        var size = await client.CommandAsync("DBSIZE");
        byte[] badKey = [.. Encoding.UTF8.GetBytes(Key("k")), 0xff];
        byte[] badValue = [0xc3, 0x28];
        byte[] set = "SET"u8.ToArray(), mset = "MSET"u8.ToArray();
        var goodKey = Encoding.UTF8.GetBytes(Key("good"));

        await client.SendAsync(RawRespClient.Encode(set, badKey, "v"u8.ToArray()));
        Assert.Equal("-ERR the key is not valid UTF-8; AkkaKv keys are text\r\n", await client.ReadReplyAsync());
        await client.SendAsync(RawRespClient.Encode(set, goodKey, badValue));
        Assert.Equal("-ERR the value is not valid UTF-8; AkkaKv values are text\r\n", await client.ReadReplyAsync());
        // One bad pair refuses the whole MSET: the good pair before it is not stored either.
        await client.SendAsync(RawRespClient.Encode(mset, goodKey, "fine"u8.ToArray(), Encoding.UTF8.GetBytes(Key("other")), badValue));
        Assert.Equal("-ERR the value is not valid UTF-8; AkkaKv values are text\r\n", await client.ReadReplyAsync());
        await client.SendAsync(RawRespClient.Encode("GET"u8.ToArray(), badKey));
        Assert.Equal("-ERR the key is not valid UTF-8; AkkaKv keys are text\r\n", await client.ReadReplyAsync());

        // The connection is still good, and nothing was stored.
        Assert.Equal("$-1\r\n", await client.CommandAsync("GET", Key("good")));
        Assert.Equal(":0\r\n", await client.CommandAsync("EXISTS", Key("other")));
        Assert.Equal(size, await client.CommandAsync("DBSIZE"));
    }
}
