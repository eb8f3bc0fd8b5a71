using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using AkkaKv.Actors.Forwarding;

namespace AkkaKv.Actors.Tests.Forwarding;

/// <summary>The forward channel's framing over a real loopback connection.</summary>
public sealed class ChannelConnectionTests : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<IDisposable> _opened = [];

    public ChannelConnectionTests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(1);
    }

    [Fact]
    public async Task Frames_of_any_size_arrive_whole_and_in_order_from_several_threads()
    {
        var (sender, receiver) = await ConnectAsync();
        // Sizes around and far above the receive buffer (64 KiB), so frames straddle reads and the buffer grows.
        var sizes = new[] { 0, 1, 100, 65_530, 65_536, 70_000, 300_000, 3 };
        const int Threads = 3;
        var received = new List<(byte Kind, byte[] Payload)>();
        var receiving = receiver.ReceiveAsync((kind, payload) =>
        {
            received.Add((kind, payload));
            return received.Count < sizes.Length * Threads;
        });

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            foreach (var size in sizes)
            {
                sender.Send((byte)(10 + t), Payload(size, seed: t));
            }
        })));
        await receiving.WaitAsync(TimeSpan.FromSeconds(20));

        for (var t = 0; t < Threads; t++)
        {
            var mine = received.Where(f => f.Kind == 10 + t).Select(f => f.Payload).ToList();
            Assert.Equal(sizes.Select(size => Payload(size, seed: t)), mine);
        }
    }

    [Fact]
    public async Task A_length_beyond_the_limit_fails_the_connection_instead_of_allocating_it()
    {
        var (client, receiver) = await ConnectRawAsync();
        var header = new byte[5];
        BinaryPrimitives.WriteInt32LittleEndian(header, ChannelFrames.MaxFrameBytes + 1);
        await client.SendAsync(header, SocketFlags.None);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => receiver.ReceiveAsync((_, _) => true).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("frame", error.Message);
    }

    [Fact]
    public async Task The_loop_ends_when_the_other_side_closes_and_a_send_on_a_closed_connection_throws()
    {
        var (sender, receiver) = await ConnectAsync();
        sender.Send(ChannelFrames.Batch, [1, 2, 3]);
        var frames = 0;
        var receiving = receiver.ReceiveAsync((_, _) => ++frames > 0);

        sender.Dispose();
        await receiving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, frames);
        Assert.True(sender.IsClosed);
        Assert.Throws<ObjectDisposedException>(() => sender.Send(ChannelFrames.Batch, [4]));
    }

    [Fact]
    public void A_hello_names_the_actor_system_and_matches_only_the_same_name()
    {
        var hello = ChannelFrames.HelloPayload("akkakv");

        Assert.True(ChannelFrames.IsHelloFrom(hello, "akkakv"));
        Assert.False(ChannelFrames.IsHelloFrom(hello, "other"));
        Assert.False(ChannelFrames.IsHelloFrom(hello.AsSpan(0, hello.Length - 1), "akkakv"));
    }

    [Fact]
    public void A_hello_of_a_previous_version_is_accepted_and_an_unknown_version_is_not()
    {
        var hello = ChannelFrames.HelloPayload("akkakv");
        Assert.Equal(3, hello[4]); // after the magic: this version, which pushes several buckets at once

        byte[] oneBucketPushes = [.. hello];
        oneBucketPushes[4] = 2; // a node of the previous version (pushes one bucket at a time)
        byte[] commandsOnly = [.. hello];
        commandsOnly[4] = 1; // the version before (commands only)
        byte[] future = [.. hello];
        future[4] = 4;
        byte[] foreign = [.. hello];
        foreign[0] = (byte)'X';

        Assert.True(ChannelFrames.IsHelloFrom(oneBucketPushes, "akkakv"));
        Assert.True(ChannelFrames.IsHelloFrom(commandsOnly, "akkakv"));
        Assert.False(ChannelFrames.IsHelloFrom(future, "akkakv"));
        Assert.False(ChannelFrames.IsHelloFrom(foreign, "akkakv"));
    }

    private static byte[] Payload(int size, int seed) => [.. Enumerable.Range(0, size).Select(i => (byte)(i * 31 + seed))];

    private async Task<(ChannelConnection Sender, ChannelConnection Receiver)> ConnectAsync()
    {
        var (client, receiver) = await ConnectRawAsync();
        var sender = new ChannelConnection(client);
        _opened.Add(sender);
        return (sender, receiver);
    }

    private async Task<(Socket Client, ChannelConnection Receiver)> ConnectRawAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _opened.Add(client);
        await client.ConnectAsync(_listener.LocalEndPoint!);
        var receiver = new ChannelConnection(await _listener.AcceptAsync());
        _opened.Add(receiver);
        return (client, receiver);
    }

    public void Dispose()
    {
        foreach (var opened in _opened)
        {
            opened.Dispose();
        }

        _listener.Dispose();
    }
}
