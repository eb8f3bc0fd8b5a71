using Akka.Actor;
using Akka.Persistence;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;

using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests;

/// <summary>RunOps and ClearSlot on a store-mode slot: answered once journaled, atomic, in order, and recovered.</summary>
public sealed class DurableSlotRunOpsTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new();

    private AkkaKvSettings Settings() => new() { DataDir = _dir.Path, SnapshotEvery = 1000 };

    public void Dispose() => _dir.Dispose();

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static IActorRef StartSlot(ActorSystem system, int slot) => system.ActorOf(DurableSlotActor.PropsFor(slot, snapshotEvery: 1000));

    private static async Task<T> Ask<T>(IActorRef slot, object message) => await slot.Ask<T>(message, Wait);

    private static async Task<OpResult[]> Run(IActorRef slot, int slotId, params SlotOp[] ops) =>
        Assert.IsType<OpsDone>(await Ask<object>(slot, new RunOps(slotId, ops))).Results;

    /// <summary>What the journal holds for the slot right now, read straight from the journal plugin.</summary>
    private static async Task<List<ISlotEvent>> Journaled(Akka.TestKit.Xunit2.TestKit kit, int slot)
    {
        var probe = kit.CreateTestProbe();
        var journal = Akka.Persistence.Persistence.Instance.Apply(kit.Sys).JournalFor(null);
        journal.Tell(new ReplayMessages(1, long.MaxValue, long.MaxValue, DurableSlotActor.PersistenceIdFor(slot), probe.Ref));
        var events = new List<ISlotEvent>();
        while (true)
        {
            switch (await probe.ReceiveOneAsync(Wait))
            {
                case ReplayedMessage replayed:
                    events.Add(Assert.IsAssignableFrom<ISlotEvent>(replayed.Persistent.Payload));
                    break;
                case RecoverySuccess:
                    return events;
                case var other:
                    Assert.Fail($"unexpected reply to a replay: {other}");
                    break;
            }
        }
    }

    [Fact]
    public async Task Ops_of_one_RunOps_are_answered_in_order_once_journaled_and_survive_a_restart()
    {
        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var kit = new Akka.TestKit.Xunit2.TestKit(node.System);
            var slot = StartSlot(node.System, 11);

            var results = await Run(
                slot,
                11,
                new SetOp("a", "10", ExpiryChange.Clear),
                new IncrementOp("a", 5),
                new GetOp("a"),
                new IncrementOp("n", -3),
                new GetOp("missing"));

            // Each op sees the ones before it in the same RunOps.
            Assert.Equal(new[] { OpResult.Ok, OpResult.Of(15), OpResult.Value("15"), OpResult.Of(-3), OpResult.Nil }, results);

            // Acknowledged means journaled: the three changes are in the journal already, in order.
            Assert.Equal(
                new ISlotEvent[] { new ValueSet("a", "10", 1, 1, null), new ValueSet("a", "15", 2, 2, null), new ValueSet("n", "-3", 1, 3, null) },
                await Journaled(kit, 11));

            // Applied to the published state too; a store-mode slot takes no inline writes (it must journal first).
            var local = LocalSlots.For(node.System).Find(11);
            Assert.NotNull(local);
            Assert.Equal("15", local.State.Find("a", Now)!.Value);
            Assert.False(local.AcceptsInlineWrites);
            Assert.False(local.TryRunInline(new RunOps(11, [new SetOp("a", "x", ExpiryChange.Clear)]), Now, out var inlineReply));
            Assert.Null(inlineReply);
            Assert.Equal("15", local.State.Find("a", Now)!.Value);
        }

        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = StartSlot(node.System, 11);
            var ready = await Ask<SlotReady>(slot, new PingSlot(11));
            Assert.Equal((2, 3L), (ready.Keys, ready.Revision));

            var a = (await Ask<GetReply>(slot, new GetKey(11, "a"))).Entry;
            Assert.Equal(("15", 2L, 2L), (a!.Value, a.Version, a.ModRevision));

            // The recovered slot carries on from the journal: counters continue, the revision too.
            var results = await Run(slot, 11, new GetOp("n"), new IncrementOp("a", 1), new IncrementOp("n", 3));
            Assert.Equal(new[] { OpResult.Value("-3"), OpResult.Of(16), OpResult.Of(0) }, results);
            Assert.Equal(5, (await Ask<SlotReady>(slot, new PingSlot(11))).Revision);
        }
    }

    [Fact]
    public async Task A_RunOps_whose_watched_key_changed_is_aborted_and_changes_nothing()
    {
        await using var node = await ActorTestNode.StartAsync(Settings());
        var kit = new Akka.TestKit.Xunit2.TestKit(node.System);
        var slot = StartSlot(node.System, 12);

        await Run(slot, 12, new SetOp("a", "1", ExpiryChange.Clear));
        var watchedA = Assert.IsType<WatchedKey>((await Run(slot, 12, new WatchOp("a")))[0].Payload);

        // Nothing changed "a": the watched RunOps runs.
        var unchanged = Assert.IsType<OpsDone>(await Ask<object>(slot, new RunOps(12, [new SetOp("b", "1", ExpiryChange.Clear)], [watchedA])));
        Assert.Equal(OpResult.Ok, unchanged.Results.Single());

        // "a" changes: a RunOps watching it is aborted, none of its ops run, nothing is journaled.
        await Run(slot, 12, new SetOp("a", "2", ExpiryChange.Clear));
        var before = await Ask<SlotReady>(slot, new PingSlot(12));
        Assert.Same(
            OpsAborted.Instance,
            await Ask<object>(slot, new RunOps(12, [new SetOp("b", "2", ExpiryChange.Clear), new IncrementOp("c", 1)], [watchedA])));

        // A key that was absent when watched and has been set since counts as changed too.
        var watchedZ = Assert.IsType<WatchedKey>((await Run(slot, 12, new WatchOp("z")))[0].Payload);
        Assert.Null(watchedZ.ModRevision);
        await Run(slot, 12, new SetOp("z", "1", ExpiryChange.Clear));
        Assert.Same(OpsAborted.Instance, await Ask<object>(slot, new RunOps(12, [new DeleteOp("b")], [watchedZ])));

        Assert.Equal(new[] { OpResult.Value("2"), OpResult.Value("1"), OpResult.Nil }, await Run(slot, 12, new GetOp("a"), new GetOp("b"), new GetOp("c")));
        var after = await Ask<SlotReady>(slot, new PingSlot(12));
        Assert.Equal((3, before.Revision + 1), (after.Keys, after.Revision)); // only the SET of "z" since
        Assert.Equal(4, (await Journaled(kit, 12)).Count);
    }

    [Fact]
    public async Task ClearSlot_removes_every_key_and_the_cleared_state_survives_recovery()
    {
        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var kit = new Akka.TestKit.Xunit2.TestKit(node.System);
            var slot = StartSlot(node.System, 13);
            var later = Now + 3_600_000;
            await Run(
                slot,
                13,
                new SetOp("a", "1", ExpiryChange.Clear),
                new SetOp("b", "2", ExpiryChange.At(later)),
                new IncrementOp("n", 7));
            Assert.Equal(3, (await Ask<SlotReady>(slot, new PingSlot(13))).Keys);

            var cleared = Assert.IsType<OpsDone>(await Ask<object>(slot, new ClearSlot(13)));
            Assert.Empty(cleared.Results);
            var ready = await Ask<SlotReady>(slot, new PingSlot(13));
            Assert.Equal((0, 4L), (ready.Keys, ready.Revision)); // one event for the whole slot
            Assert.Null(LocalSlots.For(node.System).Find(13)!.State.Find("a", Now));
            Assert.Equal(new SlotCleared(4), (await Journaled(kit, 13)).Last());

            // A key written after the clear starts over at version 1.
            Assert.Equal(OpResult.Of(1), (await Run(slot, 13, new IncrementOp("n", 1))).Single());
        }

        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = StartSlot(node.System, 13);
            var ready = await Ask<SlotReady>(slot, new PingSlot(13));
            Assert.Equal((1, 5L), (ready.Keys, ready.Revision));
            Assert.Null((await Ask<GetReply>(slot, new GetKey(13, "a"))).Entry);
            Assert.Null((await Ask<GetReply>(slot, new GetKey(13, "b"))).Entry);
            var n = (await Ask<GetReply>(slot, new GetKey(13, "n"))).Entry;
            Assert.Equal(("1", 1L), (n!.Value, n.Version));
        }
    }

    [Fact]
    public async Task A_read_only_RunOps_sent_after_a_write_is_answered_after_it_and_sees_it()
    {
        await using var node = await ActorTestNode.StartAsync(Settings());
        var kit = new Akka.TestKit.Xunit2.TestKit(node.System);
        var slot = StartSlot(node.System, 14);
        await Ask<SlotReady>(slot, new PingSlot(14));

        // Fired without waiting: the first write goes to the journal alone and its read waits behind it; later pairs
        // queue up and are decided together (the read sees the write decided before it in the same batch).
        const int pairs = 30;
        for (var i = 1; i <= pairs; i++)
        {
            slot.Tell(new RunOps(14, [new SetOp("k", $"v{i}", ExpiryChange.Clear)]), kit.TestActor);
            slot.Tell(new RunOps(14, [new GetOp("k")]), kit.TestActor);
        }

        for (var i = 1; i <= pairs; i++)
        {
            Assert.Equal(OpResult.Ok, (await kit.ExpectMsgAsync<OpsDone>(Wait)).Results.Single());
            Assert.Equal(OpResult.Value($"v{i}"), (await kit.ExpectMsgAsync<OpsDone>(Wait)).Results.Single());
        }
    }
}
