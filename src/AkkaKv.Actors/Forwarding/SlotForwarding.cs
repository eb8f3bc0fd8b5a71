using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
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
/// <remarks>Sharding still decides where slots live and moves them; this only caches where they are
/// (<see cref="SlotDirectory"/>). A command for a slot with no known owner, and one the receiving node no longer owns,
/// goes through the region as before.</remarks>
public sealed class SlotForwarding : IExtension
{
    public const string ActorName = "akkakv-forwarder";

    private readonly ExtendedActorSystem _system;
    private readonly ConcurrentDictionary<Address, Outbox<Forwarded>> _outboxes = new();
    private IActorRef? _actor;
    private IActorRef _region = ActorRefs.Nobody;
    private long _sent;
    private long _rerouted;
    private long _served;

    public SlotForwarding(ExtendedActorSystem system, int slotCount)
    {
        _system = system;
        Directory = new SlotDirectory(slotCount);
    }

    public static SlotForwarding For(ActorSystem system) => system.WithExtension<SlotForwarding, SlotForwardingProvider>();

    public SlotDirectory Directory { get; }

    /// <summary>Commands sent and not answered yet.</summary>
    public int InFlight => Pending.Count;

    /// <summary>Commands this node sent the fast way.</summary>
    public long Sent => Interlocked.Read(ref _sent);

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
        Volatile.Write(ref _actor, _system.ActorOf(ForwardingActor.Props(this, LocalSlots.For(_system)), ActorName));
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
        var id = Pending.Add(command, replyTo);
        _outboxes.GetOrAdd(owner, static (node, state) => state.Forwarding.Outbox(node, state.Self), (Forwarding: this, Self: self))
            .Add(new Forwarded(id, command));
        return true;
    }

    internal void CountRerouted() => Interlocked.Increment(ref _rerouted);

    internal void CountServed(int commands) => Interlocked.Add(ref _served, commands);

    /// <summary>Stops sending to <paramref name="node"/> (unreachable, leaving or gone); its slots go through the region.</summary>
    internal void Forget(Address node)
    {
        Directory.Forget(node);
        _outboxes.TryRemove(node, out _);
    }

    /// <summary>The forwarding actor of <paramref name="node"/>, resolved once per outbox rather than per message.</summary>
    internal IActorRef ActorOn(Address node) => _system.Provider.ResolveActorRef(new RootActorPath(node) / "user" / ActorName);

    private Outbox<Forwarded> Outbox(Address node, IActorRef self)
    {
        var target = ActorOn(node);
        return new Outbox<Forwarded>(
            items => target.Tell(new ForwardBatch(items), self),
            e => _system.Log.Error(e, "forwarding to {0} failed; the commands in that batch time out", node));
    }
}

/// <summary>Creates the node's <see cref="SlotForwarding"/> for the slot count in akkakv.slot-count.</summary>
public sealed class SlotForwardingProvider : ExtensionIdProvider<SlotForwarding>
{
    public override SlotForwarding CreateExtension(ExtendedActorSystem system) =>
        new(system, system.Settings.Config.GetInt(LocalSlotsProvider.SlotCountPath, Keys.SlotHasher.DefaultSlotCount));
}
