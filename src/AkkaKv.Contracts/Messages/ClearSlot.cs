using AkkaKv.Slots;

namespace AkkaKv.Messages;

/// <summary>Removes every key of a slot (FLUSHDB, one slot at a time); answered with <see cref="OpsDone"/> once durable.</summary>
public sealed record ClearSlot(int Slot) : ISlotCommand
{
    public object Decide(WriteBatch batch)
    {
        batch.Clear();
        return new OpsDone([]);
    }

    public object Failed(string reason) => new OpsFailed(reason);

    public bool MayGrow => false;
}
