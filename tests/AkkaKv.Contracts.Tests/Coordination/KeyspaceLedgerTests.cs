using AkkaKv.Coordination;

namespace AkkaKv.Contracts.Tests.Coordination;

public sealed class KeyspaceLedgerTests
{
    private static readonly KeyspaceConfig Born = new(8, 4, "Store");
    private static readonly int[] NeverReported = [1, 3, 4, 5, 6, 7];

    private static KeyspaceLedger BornLedger()
    {
        var ledger = new KeyspaceLedger();
        ledger.Register(new RegisterNode("a", Born), 100, out var born);
        ledger.Apply(born!);
        return ledger;
    }

    [Fact]
    public void The_first_registration_fixes_the_keyspace_and_later_ones_must_match_it()
    {
        var ledger = new KeyspaceLedger();
        var first = ledger.Register(new RegisterNode("a", Born), 100, out var born);
        Assert.Equal(new NodeAccepted(Born, 100), first);
        Assert.Equal(new KeyspaceBorn(Born, 100), born);
        ledger.Apply(born!);

        Assert.Equal(new NodeAccepted(Born, 100), ledger.Register(new RegisterNode("b", Born with { Mode = "store" }), 200, out var again));
        Assert.Null(again);

        var slots = Assert.IsType<NodeRefused>(ledger.Register(new RegisterNode("c", Born with { SlotCount = 16 }), 300, out _));
        Assert.Contains("AkkaKv:SlotCount=8", slots.Reason, StringComparison.Ordinal);
        var shards = Assert.IsType<NodeRefused>(ledger.Register(new RegisterNode("c", Born with { ShardCount = 2 }), 300, out _));
        Assert.Contains("AkkaKv:ShardCount=4", shards.Reason, StringComparison.Ordinal);
        var mode = Assert.IsType<NodeRefused>(ledger.Register(new RegisterNode("c", Born with { Mode = "Cache" }), 300, out _));
        Assert.Contains("AkkaKv:Mode=Store", mode.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_change_owners_only_when_a_slot_moves_and_sizes_follow_every_report()
    {
        var ledger = BornLedger();
        var changes = ledger.Report(new SlotsReport("a", [new SlotStatus(0, 5, 50), new SlotStatus(1, 0, 0)]), 1000);
        Assert.Equal(new[] { new SlotOwnerChanged(0, "a"), new SlotOwnerChanged(1, "a") }, changes);
        foreach (var change in changes)
        {
            ledger.Apply(change);
        }

        // The same owner again: sizes update, nothing to journal.
        Assert.Empty(ledger.Report(new SlotsReport("a", [new SlotStatus(0, 6, 51)]), 2000));
        Assert.Equal(new SlotOwnership(0, "a", 6, 51), ledger.View().Slots[0]);

        // Slot 1 moved to b; slots beyond the keyspace are ignored.
        Assert.Equal(new[] { new SlotOwnerChanged(1, "b") }, ledger.Report(new SlotsReport("b", [new SlotStatus(1, 0, 0), new SlotStatus(99, 1, 1)]), 3000));
    }

    [Fact]
    public void A_node_that_left_leaves_its_slots_unowned_and_quiet_slots_are_found()
    {
        var ledger = BornLedger();
        foreach (var change in ledger.Report(new SlotsReport("a", [new SlotStatus(0, 1, 1), new SlotStatus(2, 1, 1)]), 1000))
        {
            ledger.Apply(change);
        }

        Assert.Equal(NeverReported, ledger.NotReportedSince(500));
        Assert.Equal(new[] { new SlotOwnerChanged(0, null), new SlotOwnerChanged(2, null) }, ledger.NodeLeft("a"));
        Assert.Empty(ledger.NodeLeft("b"));
    }

    [Fact]
    public void A_snapshot_restores_the_configuration_and_owners()
    {
        var ledger = BornLedger();
        ledger.Apply(new SlotOwnerChanged(3, "b"));

        var restored = KeyspaceLedger.FromSnapshot(ledger.ToSnapshot());
        Assert.Equal(Born, restored.Config);
        Assert.Equal(100, restored.BornAtMs);
        Assert.Equal("b", restored.View().Slots[3].Owner);
        Assert.Null(restored.View().Slots[0].Owner);
        Assert.Null(KeyspaceLedger.FromSnapshot(new KeyspaceLedger().ToSnapshot()).Config);
    }
}
