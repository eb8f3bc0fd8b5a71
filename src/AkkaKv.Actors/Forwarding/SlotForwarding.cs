using System.Collections.Concurrent;
using System.Net;
using Akka.Actor;
using Akka.Event;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Forwarding;

/// <summary>
/// The fast way to a slot that runs on another node. Through the shard region, each command is its own remoting
/// message to the owner's region, then a hop to the shard and one to the slot, with a reply to a temporary actor that
/// the owner has to resolve by path: the cluster benchmark measured a remote command at 15-20x the cost of a local one.
/// Here a node sends the commands for another node together, whatever has queued up since its last send
/// (<see cref="Outbox{T}"/>), to that node's <see cref="ForwardingActor"/>, which reads in place or writes inline where
/// the slot allows it (as this node does for its own slots) and else hands the command to the slot's owner; the
/// replies come back together the same way.
/// </summary>
/// <remarks>
/// <para>Sharding still decides where slots live and moves them; this only caches where they are
/// (<see cref="SlotDirectory"/>). A command for a slot with no known owner, and one the receiving node no longer owns,
/// goes through the region as before.</para>
/// <para>The batches travel over the forward channel (<see cref="ForwardChannelListener"/>, <see cref="ForwardChannelClient"/>):
/// a TCP connection per pair of nodes, next to remoting, that carries nothing but batches and replies and serves them on
/// the thread that read them. Over remoting each batch and each reply passed through an endpoint writer and reader actor,
/// DotNetty's event loops and the forwarding actor's mailbox, a thread wake-up at every step: a forwarded GET cost ~24 µs
/// of CPU over its local cost in the 3-node benchmark, ~10 wake-ups per batch's round trip; the channel has ~4. A node
/// that announces no channel (one of an older version, or with akkakv.forwarding.channel off) is sent its batches over
/// remoting, to its <see cref="ForwardingActor"/>, as before. A node's slots are routed to it only while its channel is
/// connected, so its commands never switch between the two ways (which could reorder them).</para>
/// </remarks>
public sealed class SlotForwarding : IExtension
{
    public const string ActorName = "akkakv-forwarder";
    public const string ChannelPath = "akkakv.forwarding.channel";
    public const string ChannelPortPath = "akkakv.forwarding.channel-port";

    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<Address, Outbox<Forwarded>> _outboxes = new();
    private readonly ConcurrentDictionary<Address, ForwardChannelClient> _channels = new();
    // The nodes that announced a forward channel, as a set: their batches never go over remoting.
    private readonly ConcurrentDictionary<Address, byte> _channelPeers = new();
    private readonly ForwardSerializer _serializer;
    private readonly bool _channelEnabled;
    private readonly int _channelPort;
    private ForwardChannelListener? _listener;
    private IActorRef? _actor;
    private IActorRef _region = ActorRefs.Nobody;
    private long _sent;
    private long _sentOverChannel;
    private long _rerouted;
    private long _served;

    public SlotForwarding(ExtendedActorSystem system, int slotCount, bool channel = true, int channelPort = 0)
    {
        _system = system;
        _serializer = new ForwardSerializer(system);
        _channelEnabled = channel;
        _channelPort = channelPort;
        Directory = new SlotDirectory(slotCount);
    }

    public static SlotForwarding For(ActorSystem system) => system.WithExtension<SlotForwarding, SlotForwardingProvider>();

    public SlotDirectory Directory { get; }

    /// <summary>Commands sent and not answered yet.</summary>
    public int InFlight => Pending.Count;

    /// <summary>Commands this node sent the fast way.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Of those, the ones sent over the forward channel (the rest went over remoting).</summary>
    public long SentOverChannel => Interlocked.Read(ref _sentOverChannel);

    /// <summary>The port this node's forward channel listens on; 0 when it has none.</summary>
    public int ChannelPort => _listener?.Port ?? 0;

    /// <summary>Of those, the ones the other node no longer owned, which then went through the region.</summary>
    public long Rerouted => Interlocked.Read(ref _rerouted);

    /// <summary>Commands other nodes forwarded here that this node served.</summary>
    public long Served => Interlocked.Read(ref _served);

    internal PendingForwards Pending { get; } = new();

    internal IActorRef Region => _region;

    /// <summary>A reference that sends slot commands the fast way when it can and through <paramref name="region"/>
    /// otherwise; anything else it passes to the region.</summary>
    public IActorRef Route(IActorRef region) => new ForwardingRef(this, region, _system.Provider);

    /// <summary>Starts this node's <see cref="ForwardingActor"/> (kv nodes only: it serves this node's slots).</summary>
    public void Start(IActorRef region)
    {
        _region = region;
        if (_channelEnabled)
        {
            _listener = ForwardChannelListener.Start(ChannelBindAddress(), _channelPort, this, _serializer, _system.Name, _system.Log);
            _system.RegisterOnTermination(Stop);
            _system.Log.Info("forward channel listening on port {0}", _listener.Port);
        }

        Volatile.Write(ref _actor, _system.ActorOf(ForwardingActor.Props(this, LocalSlots.For(_system)), ActorName));
    }

    /// <summary>The channel listens where remoting does (its bind host, every interface when that is not an address).</summary>
    private IPAddress ChannelBindAddress()
    {
        var host = _system.Settings.Config.GetString("akka.remote.dot-netty.tcp.hostname", string.Empty);
        try
        {
            return string.IsNullOrEmpty(host) ? IPAddress.Any : ListenAddress.Parse(host);
        }
        catch (FormatException)
        {
            return IPAddress.Any; // a DNS name
        }
    }

    /// <summary>Sends <paramref name="command"/> to its slot's node, whose reply goes to <paramref name="replyTo"/>; false
    /// when the slot's node is not known (send it through the region then).</summary>
    public bool TrySend(IWithSlot command, IActorRef replyTo)
    {
        if (Volatile.Read(ref _actor) is not { } self || Directory.OwnerOf(command.Slot) is not { } owner)
        {
            return false;
        }

        Interlocked.Increment(ref _sent);
        var id = Pending.Add(command, replyTo, owner);
        _outboxes.GetOrAdd(owner, static (node, state) => state.Forwarding.Outbox(node, state.Self), (Forwarding: this, Self: self))
            .Add(new Forwarded(id, command));
        return true;
    }

    /// <summary>Whether <paramref name="node"/>'s slots may be routed to it now, given the forward channel port it
    /// announced (0: none, remoting it is). With a port, only while this node's channel to it is connected; otherwise
    /// this starts connecting, and its slots go through the region until a later announcement finds it connected.</summary>
    internal bool ReadyFor(Address node, int port)
    {
        if (!_channelEnabled || port == 0)
        {
            _channelPeers.TryRemove(node, out _);
            return true;
        }

        _channelPeers[node] = 0;
        if (_channels.TryGetValue(node, out var client))
        {
            if (!client.IsClosed)
            {
                return client.IsConnected;
            }

            // Closed before it was added (a connection refused at once): replace it.
            _channels.TryRemove(new KeyValuePair<Address, ForwardChannelClient>(node, client));
        }

        var created = ForwardChannelClient.Connect(node, port, _system.Name, this, _serializer, _system.Log, ChannelClosed);
        if (!_channels.TryAdd(node, created))
        {
            created.Dispose();
        }

        return false;
    }

    /// <summary>A channel broke or could not connect: stop routing to its node until it is connected again, and answer
    /// the commands that were on their way there, whose replies can no longer come.</summary>
    private void ChannelClosed(ForwardChannelClient client)
    {
        foreach (var (node, known) in _channels)
        {
            if (ReferenceEquals(known, client) && _channels.TryRemove(new KeyValuePair<Address, ForwardChannelClient>(node, client)))
            {
                Directory.Forget(node);
                AnswerLost(node);
            }
        }
    }

    /// <summary>Answers at once, instead of at their requesters' deadlines, the commands sent to <paramref name="node"/>
    /// over a connection that broke: a read goes through the region (reading twice changes nothing); any other command
    /// may or may not have been applied there, and says so, as a deadline would have.</summary>
    private void AnswerLost(Address node)
    {
        foreach (var lost in Pending.TakeAllSentTo(node))
        {
            if (lost.Command is GetKey)
            {
                CountRerouted();
                Region.Tell(lost.Command, lost.ReplyTo);
                continue;
            }

            var error = new KvException(new KvError(
                KvErrorCode.Unavailable,
                $"the connection to the node of slot {lost.Command.Slot} broke while the request was on its way; it may or may not have been applied, retry"));
            lost.ReplyTo.Tell(new Status.Failure(error), ActorRefs.NoSender);
        }
    }

    /// <summary>
    /// Serves commands another node forwarded here: a GET of a slot on this node is read in place and a write a cache-mode
    /// slot can decide inline is decided here, as for this node's own front ends, their replies added to
    /// <paramref name="now"/>; any other command goes to the slot's owner, whose reply goes to <paramref name="later"/>.
    /// A slot that is not here is answered "not here" (a null reply) at once.
    /// </summary>
    internal void Serve(IReadOnlyList<Forwarded> items, Outbox<ForwardedReply> later, List<ForwardedReply> now)
    {
        var slots = LocalSlots.For(_system);
        var served = 0;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var (id, command) in items)
        {
            if (slots.Find(command.Slot) is not { } local)
            {
                now.Add(new ForwardedReply(id, null));
                continue;
            }

            served++;
            if (command is GetKey get)
            {
                now.Add(new ForwardedReply(id, new GetReply(local.State.Find(get.Key, nowMs))));
            }
            else if (command is ISlotCommand write && local.TryRunInline(write, nowMs, out var reply))
            {
                now.Add(new ForwardedReply(id, reply));
            }
            else
            {
                local.Inbox.Tell(command, new ForwardedReplyRef(later, id, _system.Provider, _system.Log));
            }
        }

        CountServed(served);
    }

    /// <summary>Hands the replies <paramref name="from"/> sent to this node's forwarded commands to their requesters; a
    /// "not here" goes through the region.</summary>
    internal void Complete(IReadOnlyList<ForwardedReply> items, Address from)
    {
        List<(ForwardedPromise, object)>? promised = null;
        foreach (var (id, reply) in items)
        {
            if (!Pending.TryTake(id, out var pending))
            {
                continue; // given up on long ago
            }

            if (reply is null)
            {
                // Not (or no longer) there, and not looked at: the region knows where the slot is.
                CountRerouted();
                Directory.Forget(pending.Command.Slot, from);
                Region.Tell(pending.Command, pending.ReplyTo);
            }
            else if (pending.ReplyTo is ForwardedPromise promise)
            {
                (promised ??= new List<(ForwardedPromise, object)>(items.Count)).Add((promise, reply));
            }
            else
            {
                pending.ReplyTo.Tell(reply, ActorRefs.NoSender);
            }
        }

        if (promised is not null)
        {
            ForwardedPromise.CompleteAll(promised);
        }
    }

    private void CountRerouted() => Interlocked.Increment(ref _rerouted);

    private void Reroute(List<Forwarded> items)
    {
        foreach (var (id, _) in items)
        {
            if (Pending.TryTake(id, out var pending))
            {
                CountRerouted();
                Region.Tell(pending.Command, pending.ReplyTo);
            }
        }
    }

    private void CountServed(int commands) => Interlocked.Add(ref _served, commands);

    /// <summary>Stops sending to <paramref name="node"/> (unreachable, leaving or gone); its slots go through the region.</summary>
    /// <remarks>Its forward channel stays open, so that the replies to commands already sent there still arrive (a leaving
    /// node serves them before it stops); see <see cref="CloseChannel"/>.</remarks>
    internal void Forget(Address node)
    {
        Directory.Forget(node);
        _outboxes.TryRemove(node, out _);
        _channelPeers.TryRemove(node, out _);
    }

    /// <summary>Closes the forward channel to <paramref name="node"/> (it has left the cluster).</summary>
    internal void CloseChannel(Address node)
    {
        if (_channels.TryGetValue(node, out var client))
        {
            client.Dispose();
        }
    }

    /// <summary>Where pushes of replicated keys' changes that other nodes send here go, and their acknowledgements
    /// (<see cref="Replication.ReplicaPushes"/>); null while this node does not replicate.</summary>
    internal IReplicaPushReceiver? PushReceiver { get; set; }

    /// <summary>Pushes replicated keys' changes to <paramref name="node"/> over its forward channel; false when the channel
    /// is not connected (the node has none, is of an older version, or it broke).</summary>
    internal bool TryPush(Address node, byte[] payload) => _channels.TryGetValue(node, out var client) && client.TryPush(payload);

    /// <summary>Whether this node's forward channel to <paramref name="node"/> is connected.</summary>
    internal bool IsChannelConnected(Address node) => _channels.TryGetValue(node, out var client) && client.IsConnected;

    /// <summary>Closes the forward channel's listener and connections (when the actor system terminates).</summary>
    internal void Stop()
    {
        _listener?.Dispose();
        foreach (var client in _channels.Values)
        {
            client.Dispose();
        }
    }

    /// <summary>The forwarding actor of <paramref name="node"/>, resolved once per outbox rather than per message.</summary>
    internal IActorRef ActorOn(Address node) => _system.Provider.ResolveActorRef(new RootActorPath(node) / "user" / ActorName);

    private Outbox<Forwarded> Outbox(Address node, IActorRef self)
    {
        var target = ActorOn(node);
        return new Outbox<Forwarded>(
            items =>
            {
                if (!_channelPeers.ContainsKey(node))
                {
                    target.Tell(new ForwardBatch(items), self);
                    return;
                }

                // Never over remoting instead: its batches could overtake the channel's. With no connection (it broke
                // after these were queued; the node's slots are no longer routed here) nothing of the batch has left, so
                // the region takes it, as it takes a "not here".
                if (!_channels.TryGetValue(node, out var client) || !client.IsConnected)
                {
                    Reroute(items);
                    return;
                }

                client.Send(items);
                Interlocked.Add(ref _sentOverChannel, items.Count);
            },
            e => _system.Log.Error(e, "forwarding to {0} failed; the commands in that batch time out", node));
    }
}

/// <summary>Creates the node's <see cref="SlotForwarding"/> for the slot count in akkakv.slot-count.</summary>
public sealed class SlotForwardingProvider : ExtensionIdProvider<SlotForwarding>
{
    public override SlotForwarding CreateExtension(ExtendedActorSystem system) =>
        new(
            system,
            system.Settings.Config.GetInt(LocalSlotsProvider.SlotCountPath, Keys.SlotHasher.DefaultSlotCount),
            system.Settings.Config.GetBoolean(SlotForwarding.ChannelPath, true),
            system.Settings.Config.GetInt(SlotForwarding.ChannelPortPath, 0));
}
