using System.Net;
using System.Net.Sockets;
using Akka.Event;
using AkkaKv.Actors.Serialization;

namespace AkkaKv.Actors.Forwarding;

/// <summary>
/// This node's end of the forward channel: accepts the other kv nodes' connections and serves the batches they send on
/// the thread that read them, as the <see cref="ForwardingActor"/> serves batches that come over remoting. Replies that
/// are known at once (reads, inline writes) go back in one frame before the next batch is read; the rest (a slot
/// actor's) come back through the connection's <see cref="Outbox{T}"/>.
/// </summary>
internal sealed class ForwardChannelListener : IDisposable
{
    private readonly Socket _listener;
    private readonly SlotForwarding _forwarding;
    private readonly ForwardSerializer _serializer;
    private readonly string _systemName;
    private readonly ILoggingAdapter _log;
    private readonly HashSet<ChannelConnection> _connections = [];
    private bool _disposed;

    private ForwardChannelListener(Socket listener, SlotForwarding forwarding, ForwardSerializer serializer, string systemName, ILoggingAdapter log)
    {
        _listener = listener;
        _forwarding = forwarding;
        _serializer = serializer;
        _systemName = systemName;
        _log = log;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>The port it listens on (the one asked for, or the one the system chose for port 0).</summary>
    public int Port { get; }

    public static ForwardChannelListener Start(IPAddress address, int port, SlotForwarding forwarding, ForwardSerializer serializer, string systemName, ILoggingAdapter log)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new ForwardChannelListener(socket, forwarding, serializer, systemName, log);
        _ = listener.AcceptAsync();
        return listener;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (Exception) when (Volatile.Read(ref _disposed))
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warning("forward channel: accepting a connection failed: {0}", e.Message);
                continue;
            }

            _ = ServeAsync(new ChannelConnection(socket), socket.RemoteEndPoint);
        }
    }

    private async Task ServeAsync(ChannelConnection connection, EndPoint? from)
    {
        lock (_connections)
        {
            if (_disposed)
            {
                connection.Dispose();
                return;
            }

            _connections.Add(connection);
        }

        var replies = new Outbox<ForwardedReply>(
            items =>
            {
                if (!connection.IsClosed)
                {
                    connection.Send(ChannelFrames.Replies, _serializer.ToBinary(new ForwardReplies(items)));
                }
            },
            e => _log.Warning("forward channel: replying to {0} failed ({1}); the commands in that batch time out there", from, e.Message));
        var greeted = false;
        try
        {
            await connection.ReceiveAsync((kind, payload) =>
            {
                if (!greeted)
                {
                    greeted = kind == ChannelFrames.Hello && ChannelFrames.IsHelloFrom(payload, _systemName);
                    if (!greeted)
                    {
                        _log.Warning("forward channel: {0} is not a node of this cluster (or of another version); closed", from);
                    }

                    return greeted;
                }

                if (kind is ChannelFrames.ReplicaPushBuckets or ChannelFrames.ReplicaPush)
                {
                    ReceivePush(connection, kind, payload, from);
                    return true;
                }

                if (kind != ChannelFrames.Batch)
                {
                    _log.Warning("forward channel: unexpected frame kind {0} from {1}; closed", kind, from);
                    return false;
                }

                var batch = (ForwardBatch)_serializer.FromBinary(payload, ForwardSerializer.BatchManifest);
                var now = new List<ForwardedReply>(batch.Items.Count);
                _forwarding.Serve(batch.Items, replies, now);
                if (now.Count > 0)
                {
                    connection.Send(ChannelFrames.Replies, _serializer.ToBinary(new ForwardReplies(now)));
                }

                return true;
            }).ConfigureAwait(false);
        }
        catch (SocketException e) when (!Volatile.Read(ref _disposed))
        {
            // The other node stopped or lost its network: its own side notices, and membership decides the rest.
            _log.Info("forward channel: the connection from {0} ended: {1}", from, e.Message);
        }
        catch (Exception e) when (!Volatile.Read(ref _disposed))
        {
            _log.Warning("forward channel: the connection from {0} failed: {1}", from, e.Message);
        }
        catch (Exception)
        {
            // Closed by Dispose.
        }
        finally
        {
            connection.Dispose();
            lock (_connections)
            {
                _connections.Remove(connection);
            }
        }
    }

    /// <summary>Hands a push of replicated keys' changes to this node's replica; the acknowledgement goes back on the
    /// connection it came on, once the replica has them. Without replication here there is nobody to take it: the
    /// sending node then gets no acknowledgement, as from a node that is down.</summary>
    private void ReceivePush(ChannelConnection connection, byte kind, byte[] payload, EndPoint? from)
    {
        if (_forwarding.PushReceiver is not { } receiver)
        {
            _log.Warning("forward channel: {0} pushed replicated keys, but replication is off on this node; not acknowledged", from);
            return;
        }

        receiver.Received(kind, payload, ack =>
        {
            try
            {
                connection.Send(ChannelFrames.ReplicaAck, ack);
            }
            catch (Exception e)
            {
                _log.Info("forward channel: acknowledging a replica push to {0} failed ({1}); it times out there", from, e.Message);
            }
        });
    }

    public void Dispose()
    {
        lock (_connections)
        {
            _disposed = true;
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }

            _connections.Clear();
        }

        _listener.Dispose();
    }
}
