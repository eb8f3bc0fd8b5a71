using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Forwarding;

/// <summary>
/// A node's end of <see cref="SlotForwarding"/>, at /user/akkakv-forwarder on every kv node.
/// <list type="bullet">
/// <item>Serves the batches other nodes forward over remoting (<see cref="SlotForwarding.Serve"/>), and hands the replies
/// that come back over remoting to their requesters (<see cref="SlotForwarding.Complete"/>): nodes without the forward
/// channel send their batches this way.</item>
/// <item>Announces this node's slots (and its forward channel's port) to the other kv nodes every second, and records
/// theirs, from reachable, Up members only: an unreachable or leaving node's slots go through the region, which waits
/// for their next home.</item>
/// </list>
/// </summary>
internal sealed class ForwardingActor : ReceiveActor, IWithTimers
{
    /// <summary>How often this node's slots are announced, which bounds how long a moved slot is sought in its old place.</summary>
    public static readonly TimeSpan AnnounceInterval = TimeSpan.FromSeconds(1);

    /// <summary>A forwarded command unanswered for this long has been given up by its requester (whose deadline is
    /// the request timeout); its entry is dropped.</summary>
    private static readonly TimeSpan AbandonAfter = TimeSpan.FromMinutes(1);

    private readonly SlotForwarding _forwarding;
    private readonly LocalSlots _slots;
    private readonly Cluster _cluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<Address> _peers = [];
    private readonly Dictionary<IActorRef, Outbox<ForwardedReply>> _replies = [];

    public ForwardingActor(SlotForwarding forwarding, LocalSlots slots)
    {
        _forwarding = forwarding;
        _slots = slots;
        _cluster = Cluster.Get(Context.System);

        Receive<ForwardBatch>(batch => Serve(batch, Sender));
        Receive<ForwardReplies>(replies => _forwarding.Complete(replies.Items, Sender.Path.Address));
        Receive<SlotsHere>(here =>
        {
            if (!_peers.Contains(Sender.Path.Address))
            {
                return;
            }

            // Through the region while the node's forward channel is not connected (it may have broken since the last
            // announcement), with nothing left routed to it.
            _forwarding.Directory.Update(Sender.Path.Address, _forwarding.ReadyFor(Sender.Path.Address, here.ChannelPort) ? here.Slots : []);
        });
        Receive<Tick>(_ =>
        {
            _forwarding.Pending.DropOlderThan(AbandonAfter);
            AnnounceSlots();
        });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members)
            {
                Track(member, reachable: !state.Unreachable.Contains(member));
            }
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            Drop(removed.Member.Address);
            _forwarding.CloseChannel(removed.Member.Address);
        });
        Receive<ClusterEvent.IMemberEvent>(changed => Track(changed.Member, reachable: true));
        Receive<ClusterEvent.UnreachableMember>(unreachable => Drop(unreachable.Member.Address));
        Receive<ClusterEvent.ReachableMember>(reachable => Track(reachable.Member, reachable: true));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SlotForwarding forwarding, LocalSlots slots) =>
        Akka.Actor.Props.Create(() => new ForwardingActor(forwarding, slots));

    protected override void PreStart()
    {
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));
        Timers.StartPeriodicTimer("tick", Tick.Instance, AnnounceInterval);
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private void Serve(ForwardBatch batch, IActorRef origin)
    {
        var now = new List<ForwardedReply>(batch.Items.Count);
        _forwarding.Serve(batch.Items, RepliesTo(origin), now);
        if (now.Count > 0)
        {
            origin.Tell(new ForwardReplies(now), Self);
        }
    }

    private Outbox<ForwardedReply> RepliesTo(IActorRef origin)
    {
        if (!_replies.TryGetValue(origin, out var outbox))
        {
            var self = Self;
            var log = _log;
            outbox = new Outbox<ForwardedReply>(
                items => origin.Tell(new ForwardReplies(items), self),
                e => log.Error(e, "replying to {0} failed; the commands in that batch time out there", origin.Path.Address));
            _replies[origin] = outbox;
        }

        return outbox;
    }

    private void AnnounceSlots()
    {
        if (_peers.Count == 0)
        {
            return;
        }

        var here = new List<int>();
        for (var slot = 0; slot < _slots.SlotCount; slot++)
        {
            if (_slots.Find(slot) is not null)
            {
                here.Add(slot);
            }
        }

        var message = new SlotsHere(here, _forwarding.ChannelPort);
        foreach (var peer in _peers)
        {
            _forwarding.ActorOn(peer).Tell(message, Self);
        }
    }

    /// <summary>Forwards to a member only while it is an Up, reachable kv node other than this one.</summary>
    private void Track(Member member, bool reachable)
    {
        if (member.Address.Equals(_cluster.SelfAddress) || !member.HasRole(AkkaConfiguration.KvRole))
        {
            return;
        }

        if (reachable && member.Status == MemberStatus.Up)
        {
            _peers.Add(member.Address);
        }
        else
        {
            Drop(member.Address);
        }
    }

    private void Drop(Address node)
    {
        if (_peers.Remove(node))
        {
            _log.Info("slots on {0} are reached through the shard region from now on", node);
        }

        _forwarding.Forget(node);
        foreach (var origin in _replies.Keys.Where(o => o.Path.Address.Equals(node)).ToList())
        {
            _replies.Remove(origin);
        }
    }

    /// <summary>Every <see cref="AnnounceInterval"/>: announce this node's slots, drop abandoned pending entries.</summary>
    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
