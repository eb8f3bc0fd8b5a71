using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>The epoll transport (the default on Linux) at its edges: more input than it buffers, more output than the
/// socket takes, a client that half-closes; and Kestrel's transport, kept for other platforms, still serving.</summary>
public sealed class RespTransportTests(CacheRespNode node, StoreRespNode store) : IClassFixture<CacheRespNode>, IClassFixture<StoreRespNode>
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Key(string name) => $"transport:{_id}:{name}";

    [Fact]
    public async Task A_pipeline_larger_than_the_input_buffer_is_answered_whole_and_in_order()
    {
        // ~4 MB of SETs sent while the replies are read: the node stops reading at 1 MiB unparsed and resumes.
        const int count = 30_000;
        var value = new string('v', 100);
        var pipeline = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            pipeline.Write(RawRespClient.Encode("SET", Key($"k{i}"), $"{i}:{value}"));
        }

        pipeline.Write(RawRespClient.Encode("INCR", Key("after")));
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        var sending = client.SendAsync(pipeline.ToArray());
        for (var i = 0; i < count; i++)
        {
            Assert.Equal("+OK\r\n", await client.ReadReplyAsync());
        }

        Assert.Equal(":1\r\n", await client.ReadReplyAsync());
        await sending;
        Assert.Equal($"${6 + value.Length}\r\n12345:{value}\r\n", await client.CommandAsync("GET", Key("k12345")));
    }

    [Fact]
    public async Task Many_clients_pipelining_at_once_each_get_their_replies_once_and_in_order()
    {
        // 40 clients each streaming 4,000 commands in 4 KB writes while reading the replies: the epoll loop's waits
        // then receive far more than the 8 KiB from which its helper thread serves sockets too, and sockets become
        // ready again while they are being served.
        const int clients = 40;
        const int rounds = 2000;
        await using var info = await RawRespClient.ConnectAsync(node.Port);
        var sharedBefore = InfoField(await info.CommandAsync("INFO", "stats"), "akkakv_resp_shared_waits");
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            var key = Key($"c{c}");
            var pipeline = new List<byte>();
            for (var i = 0; i < rounds; i++)
            {
                pipeline.AddRange(RawRespClient.Encode("INCR", key));
                pipeline.AddRange(RawRespClient.Encode("GET", key));
            }

            await using var client = await RawRespClient.ConnectAsync(node.Port);
            var sending = Task.Run(async () =>
            {
                foreach (var chunk in pipeline.Chunk(4096))
                {
                    await client.SendAsync(chunk);
                }
            });
            for (var i = 1; i <= rounds; i++)
            {
                Assert.Equal($":{i}\r\n", await client.ReadReplyAsync());
                Assert.Equal($"${i.ToString().Length}\r\n{i}\r\n", await client.ReadReplyAsync());
            }

            await sending;
        }));

        if (EpollRunsHere)
        {
            Assert.Equal("epoll", InfoField(await info.CommandAsync("INFO", "server"), "akkakv_resp_transport"));
            var sharedAfter = long.Parse(InfoField(await info.CommandAsync("INFO", "stats"), "akkakv_resp_shared_waits"));
            Assert.True(sharedAfter > long.Parse(sharedBefore), $"no epoll wait was shared with the helper ({sharedBefore} → {sharedAfter})");
        }
    }

    private static readonly bool EpollRunsHere =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>A field's value from an INFO reply ("name:value" lines).</summary>
    private static string InfoField(string reply, string name) =>
        reply.Split("\r\n").Single(line => line.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..];

    [Fact]
    public async Task Replies_larger_than_the_socket_buffer_reach_a_slow_reader_whole()
    {
        var value = string.Concat(Enumerable.Range(0, 6000).Select(i => $"{i % 10}abcdefghi")); // 60,000 bytes
        await using var client = await RawRespClient.ConnectAsync(node.Port);
        // Small enough that the replies overflow it, not so small (under one loopback segment) that TCP waits for its
        // persist timer between window updates.
        client.Socket.ReceiveBufferSize = 128 * 1024;
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", Key("big"), value));

        const int gets = 150; // 9 MB of replies, more than both sockets buffer: sent as the client makes room
        await client.SendAsync([.. Enumerable.Range(0, gets).SelectMany(_ => RawRespClient.Encode("GET", Key("big")))]);
        await Task.Delay(300); // the node fills the socket and waits for room
        var expected = $"${value.Length}\r\n{value}\r\n";
        for (var i = 0; i < gets; i++)
        {
            Assert.Equal(expected, await client.ReadReplyAsync());
        }

        Assert.Equal("+PONG\r\n", await client.CommandAsync("PING"));
    }

    [Fact]
    public async Task A_client_that_half_closes_after_its_pipeline_still_gets_every_reply()
    {
        // What `redis-cli < file` and `nc -q` do: send everything, shut down sending, read until the server closes.
        var pipeline = new List<byte>();
        for (var i = 1; i <= 500; i++)
        {
            pipeline.AddRange(RawRespClient.Encode("INCR", Key("n")));
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", node.Port);
        await socket.SendAsync(pipeline.ToArray());
        socket.Shutdown(SocketShutdown.Send);
        var received = new MemoryStream();
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        int n;
        while ((n = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
        }

        var expected = string.Concat(Enumerable.Range(1, 500).Select(i => $":{i}\r\n"));
        Assert.Equal(expected, Encoding.ASCII.GetString(received.ToArray()));
    }

    [Fact]
    public async Task Store_mode_pipelines_resume_on_their_epoll_thread_once_the_journal_has_them()
    {
        // Each pipeline of SETs waits for its group commit; the commit's last reply comes on the journal's writer
        // thread, and the connection then goes on on its epoll thread (counted), not on a thread-pool worker.
        await using var client = await RawRespClient.ConnectAsync(store.Port);
        var before = long.Parse(InfoField(await client.CommandAsync("INFO", "stats"), "akkakv_resp_loop_resumes"));
        for (var round = 0; round < 20; round++)
        {
            var pipeline = new List<byte>();
            for (var i = 0; i < 16; i++)
            {
                pipeline.AddRange(RawRespClient.Encode("SET", Key($"s{i}"), $"{round}"));
            }

            await client.SendAsync([.. pipeline]);
            for (var i = 0; i < 16; i++)
            {
                Assert.Equal("+OK\r\n", await client.ReadReplyAsync());
            }
        }

        Assert.Equal("$2\r\n19\r\n", await client.CommandAsync("GET", Key("s15")));
        var after = long.Parse(InfoField(await client.CommandAsync("INFO", "stats"), "akkakv_resp_loop_resumes"));
        Assert.True(after > before, $"no connection resumed on its epoll thread ({before} before, {after} after)");
    }

    [Fact]
    public async Task Kestrels_transport_serves_the_same_commands_when_chosen()
    {
        // In store mode (the default): the pipelined writes wait for the journal, and on Kestrel's transport the
        // connection resumes on the thread pool once their replies are in (an epoll connection, on its loop thread).
        using var dir = new TempDir();
        await using var kestrel = await ServerProcess.StartAsync(dir.Path, "--AkkaKv:Resp:Transport=kestrel");
        await using var client = await RawRespClient.ConnectAsync(kestrel.RespPort);
        Assert.Equal("+OK\r\n", await client.CommandAsync("SET", "k", "v"));
        await client.SendAsync([.. RawRespClient.Encode("INCR", "n"), .. RawRespClient.Encode("GET", "k"), .. RawRespClient.Encode("INCR", "n")]);
        Assert.Equal(":1\r\n", await client.ReadReplyAsync());
        Assert.Equal("$1\r\nv\r\n", await client.ReadReplyAsync());
        Assert.Equal(":2\r\n", await client.ReadReplyAsync());
        Assert.Equal("kestrel", InfoField(await client.CommandAsync("INFO", "server"), "akkakv_resp_transport"));
    }

    [Fact]
    public async Task An_unknown_transport_stops_the_node_with_the_reason()
    {
        using var dir = new TempDir();
        await using var bad = ServerProcess.Launch(dir.Path, "--AkkaKv:Resp:Transport=io_uring");
        Assert.Equal(1, await bad.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("akkakv-server: cannot start: AkkaKv:Resp:Transport is 'io_uring'; it must be auto, epoll or kestrel", bad.Output, StringComparison.Ordinal);
    }
}
