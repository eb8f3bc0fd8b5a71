using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;
using AkkaKv.Actors.Serialization;

namespace AkkaKv.Actors.Forwarding;

/// <summary>
/// This node's connection to one other node's <see cref="ForwardChannelListener"/>: sends the batches of commands for
/// that node's slots and completes their replies on the thread that read them. It connects in the background; until it
/// is connected (and after it breaks) <see cref="IsConnected"/> is false and the node's slots are not routed to it (see
/// <see cref="SlotForwarding"/>), so its commands go through the shard region meanwhile.
/// </summary>
internal sealed class ForwardChannelClient : IDisposable
{
    private readonly Address _node;
    private readonly SlotForwarding _forwarding;
    private readonly ForwardSerializer _serializer;
    private readonly ILoggingAdapter _log;
    private readonly Action<ForwardChannelClient> _closed;
    private ChannelConnection? _connection;
    private int _disposed;

    private ForwardChannelClient(Address node, SlotForwarding forwarding, ForwardSerializer serializer, ILoggingAdapter log, Action<ForwardChannelClient> closed)
    {
        _node = node;
        _forwarding = forwarding;
        _serializer = serializer;
        _log = log;
        _closed = closed;
    }

    public bool IsConnected => Volatile.Read(ref _connection) is { IsClosed: false };

    /// <summary>Given up: it could not connect, or its connection ended.</summary>
    public bool IsClosed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Starts connecting to <paramref name="port"/> on <paramref name="node"/>'s remoting host; <paramref name="closed"/>
    /// is told once, when the connection could not be made or has ended.</summary>
    public static ForwardChannelClient Connect(Address node, int port, string systemName, SlotForwarding forwarding, ForwardSerializer serializer, ILoggingAdapter log, Action<ForwardChannelClient> closed)
    {
        var client = new ForwardChannelClient(node, forwarding, serializer, log, closed);
        _ = client.RunAsync(port, systemName);
        return client;
    }

    /// <summary>Sends one batch. Throws when the connection is not (or no longer) there; a send that fails closes the
    /// connection, and its commands, received in part or not at all, are answered as lost
    /// (<see cref="SlotForwarding"/>, when the channel closes).</summary>
    public void Send(List<Forwarded> items)
    {
        var connection = Volatile.Read(ref _connection) ?? throw new InvalidOperationException($"the forward channel to {_node} is not connected");
        connection.Send(ChannelFrames.Batch, _serializer.ToBinary(new ForwardBatch(items)));
    }

    /// <summary>Sends one push of replicated keys' changes; false when the connection is not (or no longer) there.</summary>
    public bool TryPush(byte[] payload)
    {
        if (Volatile.Read(ref _connection) is not { IsClosed: false } connection)
        {
            return false;
        }

        try
        {
            connection.Send(ChannelFrames.ReplicaPushBuckets, payload);
            return true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            return false;
        }
    }

    private async Task RunAsync(int port, string systemName)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        ChannelConnection? connection = null;
        try
        {
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            {
                await socket.ConnectAsync(_node.Host!, port, timeout.Token).ConfigureAwait(false);
            }

            connection = new ChannelConnection(socket);
            connection.Send(ChannelFrames.Hello, ChannelFrames.HelloPayload(systemName));
            Volatile.Write(ref _connection, connection);
            if (Volatile.Read(ref _disposed) != 0)
            {
                return;
            }

            _log.Info("forward channel to {0} (port {1}) connected", _node, port);
            await connection.ReceiveAsync((kind, payload) =>
            {
                if (kind == ChannelFrames.ReplicaAck)
                {
                    _forwarding.PushReceiver?.Acked(_node, payload);
                    return true;
                }

                if (kind != ChannelFrames.Replies)
                {
                    _log.Warning("forward channel: unexpected frame kind {0} from {1}; closed", kind, _node);
                    return false;
                }

                var replies = (ForwardReplies)_serializer.FromBinary(payload, ForwardSerializer.RepliesManifest);
                _forwarding.Complete(replies.Items, _node);
                return true;
            }).ConfigureAwait(false);
            _log.Info("forward channel to {0} closed by that node; its slots go through the shard region until it reconnects", _node);
        }
        catch (Exception e) when (Volatile.Read(ref _disposed) == 0)
        {
            _log.Warning("forward channel to {0} (port {1}): {2}; its slots go through the shard region until it reconnects", _node, port, e.Message);
        }
        catch (Exception)
        {
            // Closed by Dispose.
        }
        finally
        {
            if (connection is null)
            {
                socket.Dispose();
            }

            Dispose();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Volatile.Read(ref _connection)?.Dispose();
        _closed(this);
    }
}
