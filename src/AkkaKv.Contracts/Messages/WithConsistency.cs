using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Messages;

/// <summary>A slot command with the write consistency its caller asked for (a replicated key's write is acknowledged once
/// that many replicas have it). Without this wrapper a command gets the node's default.</summary>
public sealed record WithConsistency(ISlotCommand Command, WriteConsistency Consistency) : ISlotCommand
{
    public int Slot => Command.Slot;

    public object Decide(WriteBatch batch) => Command.Decide(batch);

    public object Failed(string reason) => Command.Failed(reason);

    public bool MayGrow => Command.MayGrow;
}
