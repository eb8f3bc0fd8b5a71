using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class ClearSlotTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Clearing_a_slot_removes_every_key_with_one_event()
    {
        _slot.Seed("a", "1");
        _slot.Seed("b", "2", Now + 1000);
        _slot.Seed("c", "3");

        var reply = _slot.Decide(Now, new ClearSlot(0))[0];

        Assert.Empty(Assert.IsType<OpsDone>(reply).Results);
        Assert.Equal(new SlotCleared(4), Assert.Single(_slot.Events));
        Assert.Equal(0, _slot.State.Count);
        Assert.Equal(4, _slot.State.Revision);
        // The pending expiry of "b" went with it: nothing is left for the expiry sweep.
        Assert.False(_slot.State.HasPendingExpiries);
        Assert.Empty(_slot.State.DueForExpiry(Now + 1000, 10));
    }

    [Fact]
    public void Ops_after_a_clear_in_the_same_batch_see_an_empty_slot_and_their_writes_survive_it()
    {
        _slot.Seed("a", "1");
        _slot.Seed("b", "old");
        _slot.Seed("b", "older");

        var replies = _slot.Decide(
            Now,
            new ClearSlot(0),
            new RunOps(0, [new ExistsOp("a"), new GetOp("b"), new SetOp("b", "new", ExpiryChange.Clear), new IncrementOp("n", 1)]));

        Assert.Equal([OpResult.Zero, OpResult.Nil, OpResult.Ok, OpResult.Of(1)], Assert.IsType<OpsDone>(replies[1]).Results);
        Assert.Null(_slot.Find("a"));
        // Re-created after the clear: a new key, at version 1.
        Assert.Equal(("new", 1L), (_slot.Find("b")!.Value, _slot.Find("b")!.Version));
        Assert.Equal("1", _slot.Find("n")!.Value);
        Assert.Equal(2, _slot.State.Count);
    }

    [Fact]
    public void Writes_before_a_clear_in_the_same_batch_are_cleared_too()
    {
        _slot.Seed("a", "1");

        _slot.Decide(Now, new RunOps(0, [new SetOp("b", "2", ExpiryChange.Clear)]), new ClearSlot(0));

        Assert.Equal(0, _slot.State.Count);
        Assert.Null(_slot.Find("b"));
    }

    [Fact]
    public void Clearing_an_empty_slot_still_moves_its_revision()
    {
        // One event either way: FLUSHDB is journaled even when there was nothing to remove.
        _slot.Decide(Now, new ClearSlot(0));

        Assert.Equal(1, _slot.State.Revision);
        Assert.Equal(0, _slot.State.Count);
    }

    [Fact]
    public void Applying_slot_cleared_empties_a_state_restored_from_a_snapshot()
    {
        var state = SlotState.FromSnapshot(new SlotSnapshot(7, [new KvEntry("a", "1", 1, 6, Now + 10), new KvEntry("b", "2", 3, 7, null)]));

        state.Apply(new SlotCleared(8));

        Assert.Equal((0, 8L, false), (state.Count, state.Revision, state.HasPendingExpiries));
        Assert.Null(state.Find("b", Now));
    }
}
