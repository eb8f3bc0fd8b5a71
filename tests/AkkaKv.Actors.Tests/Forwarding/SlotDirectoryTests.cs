using Akka.Actor;
using AkkaKv.Actors.Forwarding;

namespace AkkaKv.Actors.Tests.Forwarding;

public sealed class SlotDirectoryTests
{
    private static readonly Address A = new("akka.tcp", "akkakv", "127.0.0.1", 4001);
    private static readonly Address B = new("akka.tcp", "akkakv", "127.0.0.1", 4002);

    [Fact]
    public void An_announcement_replaces_what_that_node_announced_before_and_leaves_other_nodes_alone()
    {
        var directory = new SlotDirectory(8);
        directory.Update(A, [0, 1, 2]);
        directory.Update(B, [3, 4]);

        directory.Update(A, [1, 5]);

        Assert.Null(directory.OwnerOf(0));
        Assert.Equal(A, directory.OwnerOf(1));
        Assert.Null(directory.OwnerOf(2));
        Assert.Equal(B, directory.OwnerOf(3));
        Assert.Equal(B, directory.OwnerOf(4));
        Assert.Equal(A, directory.OwnerOf(5));
    }

    [Fact]
    public void A_slot_announced_by_its_new_node_moves_there()
    {
        var directory = new SlotDirectory(4);
        directory.Update(A, [0, 1]);
        directory.Update(B, [1]);

        Assert.Equal(B, directory.OwnerOf(1));
        // A's next announcement no longer lists 1: B keeps it.
        directory.Update(A, [0]);
        Assert.Equal(B, directory.OwnerOf(1));
    }

    [Fact]
    public void The_generation_changes_only_when_an_entry_does()
    {
        var directory = new SlotDirectory(4);
        var start = directory.Generation;
        directory.Update(A, [0, 1]);
        var afterFirst = directory.Generation;
        directory.Update(A, [1, 0]);

        Assert.NotEqual(start, afterFirst);
        Assert.Equal(afterFirst, directory.Generation);

        directory.Forget(2, A); // not A's: nothing changes
        Assert.Equal(afterFirst, directory.Generation);
        directory.Forget(1, B); // A's, not B's: nothing changes
        Assert.Equal(A, directory.OwnerOf(1));
        Assert.Equal(afterFirst, directory.Generation);

        directory.Forget(1, A);
        Assert.Null(directory.OwnerOf(1));
        Assert.NotEqual(afterFirst, directory.Generation);
    }

    [Fact]
    public void Forgetting_a_node_forgets_all_its_slots_and_slots_out_of_range_are_ignored()
    {
        var directory = new SlotDirectory(4);
        directory.Update(A, [0, 2, 9, -1]);
        directory.Update(B, [3]);

        directory.Forget(A);

        Assert.Equal([null, null, null, B], Enumerable.Range(0, 4).Select(directory.OwnerOf));
    }
}
