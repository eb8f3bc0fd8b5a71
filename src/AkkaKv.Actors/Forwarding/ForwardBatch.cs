using AkkaKv.Messages;

namespace AkkaKv.Actors.Forwarding;

/// <summary>One slot command on its way to the node that owns its slot; <see cref="Id"/> pairs it with its reply.</summary>
public readonly record struct Forwarded(long Id, IWithSlot Command);

/// <summary>The slot commands one node sends another in one remoting message (see <see cref="SlotForwarding"/>).</summary>
public sealed record ForwardBatch(IReadOnlyList<Forwarded> Items);
