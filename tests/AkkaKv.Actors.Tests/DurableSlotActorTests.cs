using Akka.Actor;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;

using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests;

public sealed class DurableSlotActorTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new();

    private AkkaKvSettings Settings(int snapshotEvery = 1000) => new() { DataDir = _dir.Path, SnapshotEvery = snapshotEvery };

    public void Dispose() => _dir.Dispose();

    private static async Task<T> Ask<T>(IActorRef slot, object message) => await slot.Ask<T>(message, Wait);

    [Fact]
    public async Task A_slot_recovers_every_acknowledged_change_after_its_actor_system_restarts()
    {
        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(7, snapshotEvery: 1000));
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(7, "a", "1", null, null)));
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(7, "a", "2", ExpectedVersion: 1, null)));
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(7, "b", "gone soon", null, null)));
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new DeleteKey(7, "b", null)));
            var far = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds();
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(7, "ttl", "v", null, far)));
        }

        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(7, snapshotEvery: 1000));
            var a = (await Ask<GetReply>(slot, new GetKey(7, "a"))).Entry;
            Assert.Equal(("2", 2L, 2L), (a!.Value, a.Version, a.ModRevision));
            Assert.Null((await Ask<GetReply>(slot, new GetKey(7, "b"))).Entry);
            Assert.NotNull((await Ask<GetReply>(slot, new GetKey(7, "ttl"))).Entry?.ExpiresAtMs);

            var ready = await Ask<SlotReady>(slot, new PingSlot(7));
            Assert.Equal((2, 5L), (ready.Keys, ready.Revision));

            // The revision carries on from the journal rather than restarting.
            var next = Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(7, "c", "x", null, null)));
            Assert.Equal(6, next.Revision);
        }
    }

    [Fact]
    public async Task A_slot_recovers_from_a_snapshot_plus_the_events_after_it()
    {
        await using (var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 5)))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(3, snapshotEvery: 5));
            for (var i = 0; i < 12; i++)
            {
                Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(3, $"k{i % 4}", $"v{i}", null, null)));
            }

            // Give the snapshot (taken after write 10) time to be saved and the journal prefix deleted.
            await Task.Delay(500);
        }

        await using (var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 5)))
        {
            // The snapshot taken after the tenth event is there, so recovery started from it rather than from event 1.
            var snapshots = Akka.Persistence.Persistence.Instance.Apply(node.System).SnapshotStoreFor(null);
            var loaded = await snapshots.Ask<Akka.Persistence.LoadSnapshotResult>(
                new Akka.Persistence.LoadSnapshot(DurableSlotActor.PersistenceIdFor(3), Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue),
                Wait);
            Assert.Equal(10, loaded.Snapshot?.Metadata.SequenceNr);

            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(3, snapshotEvery: 5));
            var ready = await Ask<SlotReady>(slot, new PingSlot(3));
            Assert.Equal((4, 12L), (ready.Keys, ready.Revision));
            for (var k = 0; k < 4; k++)
            {
                var entry = (await Ask<GetReply>(slot, new GetKey(3, $"k{k}"))).Entry;
                Assert.Equal($"v{8 + k}", entry!.Value);
                Assert.Equal(3, entry.Version);
            }
        }
    }

    [Fact]
    public async Task Writes_that_arrive_together_are_decided_in_arrival_order()
    {
        await using var node = await ActorTestNode.StartAsync(Settings());
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(1, snapshotEvery: 1000));

        // Fired without waiting: most of these queue behind the first journal write and go as later batches.
        var replies = Enumerable.Range(1, 200)
            .Select(i => slot.Ask<IWriteReply>(new PutKey(1, "hot", $"v{i}", ExpectedVersion: i - 1, null), Wait))
            .ToArray();
        var results = await Task.WhenAll(replies);

        for (var i = 0; i < results.Length; i++)
        {
            var ok = Assert.IsType<WriteOk>(results[i]);
            Assert.Equal(i + 1, ok.Entry!.Version);
        }

        Assert.Equal("v200", (await Ask<GetReply>(slot, new GetKey(1, "hot"))).Entry!.Value);
    }

    [Fact]
    public async Task Expired_keys_are_removed_in_the_background_and_stay_removed_after_restart()
    {
        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(2, snapshotEvery: 1000));
            var soon = DateTimeOffset.UtcNow.AddMilliseconds(300).ToUnixTimeMilliseconds();
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(2, "t", "v", null, soon)));
            Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(2, "keep", "v", null, null)));

            // The expiry timer runs every second: within a few seconds the slot holds only "keep".
            var deadline = DateTime.UtcNow.AddSeconds(5);
            SlotReady ready;
            do
            {
                await Task.Delay(200);
                ready = await Ask<SlotReady>(slot, new PingSlot(2));
            }
            while (ready.Keys != 1 && DateTime.UtcNow < deadline);

            Assert.Equal(1, ready.Keys);
            Assert.Equal(3, ready.Revision);
        }

        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(2, snapshotEvery: 1000));
            var ready = await Ask<SlotReady>(slot, new PingSlot(2));
            Assert.Equal((1, 3L), (ready.Keys, ready.Revision));
        }
    }

    [Fact]
    public async Task A_recovered_slot_publishes_its_state_for_hop_free_reads_and_withdraws_it_when_stopped()
    {
        await using var node = await ActorTestNode.StartAsync(Settings());
        var local = LocalSlots.For(node.System);
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(9, snapshotEvery: 1000));
        Assert.IsType<WriteOk>(await Ask<IWriteReply>(slot, new PutKey(9, "a", "1", null, null)));

        var published = local.Find(9);
        Assert.NotNull(published);
        Assert.Equal("1", published.State.Find("a", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())!.Value);

        Assert.Equal(1, local.Memory.Keys);

        await slot.GracefulStop(Wait);
        Assert.Null(local.Find(9));
        // Its keys are in the journal now, no longer in this node's memory budget.
        Assert.Equal(0, local.Memory.Keys);
        Assert.Equal(0, local.Memory.Bytes);
    }

    [Fact]
    public async Task On_hand_off_the_batch_in_flight_is_answered_and_journaled_and_later_writes_go_to_the_next_home()
    {
        var acknowledged = new List<string>();
        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var nextHome = new Akka.TestKit.Xunit2.TestKit(node.System);
            var local = LocalSlots.For(node.System);
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(4, 1000, handOffTarget: nextHome.TestActor));
            await Ask<SlotReady>(slot, new PingSlot(4));
            Assert.NotNull(local.Find(4));

            var writes = Enumerable.Range(0, 50)
                .Select(i => slot.Ask<IWriteReply>(new PutKey(4, $"k{i}", "v", null, null), Wait))
                .ToList();
            slot.Tell(SlotHandOff.Instance);
            var late = slot.Ask<IWriteReply>(new PutKey(4, "late", "v", null, null), Wait);

            var forwarded = nextHome.ReceiveWhile(TimeSpan.FromSeconds(1), m => (m as PutKey)?.Key).ToHashSet();
            Assert.Contains("late", forwarded);
            Assert.Null(local.Find(4));
            Assert.False(late.IsCompleted, "a write forwarded to the next home is answered there, not here");

            // Every write was either answered here (and so journaled) or handed to the next home: none vanished.
            for (var i = 0; i < writes.Count; i++)
            {
                if (forwarded.Contains($"k{i}"))
                {
                    Assert.False(writes[i].IsCompleted);
                    continue;
                }

                acknowledged.Add(Assert.IsType<WriteOk>(await writes[i]).Key);
            }

            Assert.Equal(51, acknowledged.Count + forwarded.Count);
            Assert.NotEmpty(acknowledged); // the batch in flight at the hand-off was answered here, not dropped
            await nextHome.WatchAsync(slot);
            await nextHome.ExpectTerminatedAsync(slot, TimeSpan.FromSeconds(5));
            // The batch journaled after the hand-off began was applied and counted, then released with the slot.
            Assert.Equal(0, local.Memory.Keys);
            Assert.Equal(0, local.Memory.Bytes);
        }

        await using (var node = await ActorTestNode.StartAsync(Settings()))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(4, 1000));
            foreach (var key in acknowledged)
            {
                Assert.NotNull((await Ask<GetReply>(slot, new GetKey(4, key))).Entry);
            }
        }
    }
}
