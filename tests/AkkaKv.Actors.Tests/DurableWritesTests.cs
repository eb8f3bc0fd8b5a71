using Akka.Actor;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using AkkaKv.Persistence;
using AkkaKv.Slots;
using AkkaKv.TestSupport;

namespace AkkaKv.Actors.Tests;

/// <summary>The store-mode write path that front ends call from their own threads (<see cref="LocalSlot.Inbox"/>), and
/// what happens when the journal refuses a slot's write.</summary>
public sealed class DurableWritesTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly TempDir _dir = new();

    private AkkaKvSettings Settings(int snapshotEvery) => new() { DataDir = _dir.Path, SnapshotEvery = snapshotEvery };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Writes_handed_to_the_inbox_from_many_threads_are_visible_once_acknowledged_and_all_recover()
    {
        const int threads = 4, perThread = 500;
        await using (var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 300)))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(5, snapshotEvery: 300));
            await slot.Ask<SlotReady>(new PingSlot(5), Wait);
            var local = LocalSlots.For(node.System).Find(5)!;
            Assert.NotEqual(slot, local.Inbox); // store mode: a ref that takes writes on the caller's thread

            var revisions = await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
            {
                var seen = new List<long>();
                for (var i = 0; i < perThread; i++)
                {
                    var key = $"t{t}-{i}";
                    var ok = Assert.IsType<WriteOk>(await local.Inbox.Ask<IWriteReply>(new PutKey(5, key, "v", null, null), Wait));
                    // Acknowledged means applied: the committed state a GET reads already has it.
                    Assert.Equal("v", local.State.Find(key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())?.Value);
                    seen.Add(ok.Revision);
                }

                return seen;
            })));

            // One writer: every write got its own revision, with no gap.
            Assert.Equal(Enumerable.Range(1, threads * perThread).Select(r => (long)r), revisions.SelectMany(r => r).Order());
        }

        await using (var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 300)))
        {
            var slot = node.System.ActorOf(DurableSlotActor.PropsFor(5, snapshotEvery: 300));
            var ready = await slot.Ask<SlotReady>(new PingSlot(5), Wait);
            Assert.Equal((threads * perThread, (long)threads * perThread), (ready.Keys, ready.Revision));

            // Snapshots were taken along the way, at the sequence numbers of the events they hold.
            var snapshots = Akka.Persistence.Persistence.Instance.Apply(node.System).SnapshotStoreFor(null);
            var loaded = await snapshots.Ask<Akka.Persistence.LoadSnapshotResult>(
                new Akka.Persistence.LoadSnapshot(DurableSlotActor.PersistenceIdFor(5), Akka.Persistence.SnapshotSelectionCriteria.Latest, long.MaxValue),
                Wait);
            var snapshot = Assert.IsType<SlotSnapshot>(loaded.Snapshot?.Snapshot);
            Assert.True(loaded.Snapshot!.Metadata.SequenceNr >= 300);
            Assert.Equal(loaded.Snapshot.Metadata.SequenceNr, SlotState.FromSnapshot(snapshot).Revision);

            var next = Assert.IsType<WriteOk>(await slot.Ask<IWriteReply>(new PutKey(5, "after", "v", null, null), Wait));
            Assert.Equal(threads * perThread + 1, next.Revision);
        }
    }

    [Fact]
    public async Task A_write_the_journal_refuses_changes_nothing_and_the_slot_restarts_from_what_the_journal_holds()
    {
        await using var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 1000));
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(6, snapshotEvery: 1000));
        Assert.IsType<WriteOk>(await slot.Ask<IWriteReply>(new PutKey(6, "a", "1", null, null), Wait));

        await RivalTakesSequenceNumber2(node, 6);

        var watcher = new Akka.TestKit.Xunit2.TestKit(node.System);
        await watcher.WatchAsync(slot);
        var refused = Assert.IsType<WriteFailed>(await slot.Ask<IWriteReply>(new PutKey(6, "b", "mine", null, null), Wait));
        Assert.Contains("refused", refused.Reason);
        await watcher.ExpectTerminatedAsync(slot, Wait);
        Assert.Null(LocalSlots.For(node.System).Find(6));

        var next = node.System.ActorOf(DurableSlotActor.PropsFor(6, snapshotEvery: 1000));
        Assert.Equal("rival", (await next.Ask<GetReply>(new GetKey(6, "a"), Wait)).Entry?.Value);
        Assert.Null((await next.Ask<GetReply>(new GetKey(6, "b"), Wait)).Entry);
        Assert.Equal(3, Assert.IsType<WriteOk>(await next.Ask<IWriteReply>(new PutKey(6, "b", "mine", null, null), Wait)).Revision);
    }

    [Fact]
    public async Task A_command_decided_after_a_batch_still_in_flight_sees_its_writes_and_is_answered_after_it()
    {
        await using var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 1000));
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(7, snapshotEvery: 1000));
        await slot.Ask<SlotReady>(new PingSlot(7), Wait);
        var local = LocalSlots.For(node.System).Find(7)!;
        var probe = new Akka.TestKit.Xunit2.TestKit(node.System).CreateTestProbe();

        // Handed over on this thread one after the other: the second is decided while the first is being journaled.
        local.Inbox.Tell(new PutKey(7, "a", "1", null, null), probe.Ref);
        local.Inbox.Tell(new PutKey(7, "a", "2", ExpectedVersion: 1, null), probe.Ref);
        local.Inbox.Tell(new PutKey(7, "a", "create only", ExpectedVersion: 0, null), probe.Ref); // refused: no event

        Assert.Equal(1, probe.ExpectMsg<WriteOk>(Wait).Entry!.Version);
        Assert.Equal(2, probe.ExpectMsg<WriteOk>(Wait).Entry!.Version);
        // The refusal saw a write that was not durable yet, so it is answered only after that write.
        Assert.Equal(2, probe.ExpectMsg<VersionMismatch>(Wait).CurrentVersion);
        Assert.Equal("2", local.State.Find("a", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())?.Value);
    }

    [Fact]
    public async Task A_run_of_compare_and_swaps_on_one_key_handed_over_at_once_succeeds_in_order()
    {
        // Each write expects the version the one before it made: the second is decided while the first is in flight, the
        // rest wait and are decided together after the second (through it) once the first is durable.
        const int writes = 300;
        await using var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 100));
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(9, snapshotEvery: 100));
        await slot.Ask<SlotReady>(new PingSlot(9), Wait);
        var local = LocalSlots.For(node.System).Find(9)!;
        var probe = new Akka.TestKit.Xunit2.TestKit(node.System).CreateTestProbe();

        for (var i = 0; i < writes; i++)
        {
            local.Inbox.Tell(new PutKey(9, "a", $"v{i + 1}", ExpectedVersion: i, null), probe.Ref);
            if (i % 7 == 3) // not among the first two: those are the two batches in flight, both writing "a"
            {
                local.Inbox.Tell(new PutKey(9, $"other{i}", "x", null, null), probe.Ref); // batches of more than one key
            }
        }

        var versions = new List<long>();
        for (var i = 0; i < writes + (writes + 3) / 7; i++)
        {
            var ok = probe.ExpectMsg<WriteOk>(Wait);
            if (ok.Key == "a")
            {
                versions.Add(ok.Entry!.Version);
            }
        }

        Assert.Equal(Enumerable.Range(1, writes).Select(v => (long)v), versions);
        Assert.Equal($"v{writes}", local.State.Find("a", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds())?.Value);
    }

    [Fact]
    public async Task A_write_queued_behind_one_the_journal_refuses_is_refused_too_and_leaves_no_gap()
    {
        await using var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 1000));
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(8, snapshotEvery: 1000));
        Assert.IsType<WriteOk>(await slot.Ask<IWriteReply>(new PutKey(8, "a", "1", null, null), Wait));
        var local = LocalSlots.For(node.System).Find(8)!;

        await RivalTakesSequenceNumber2(node, 8);

        // Sequence numbers 2 (taken by the rival) and 3, queued one behind the other (or, if the journal is quicker than
        // this thread, the second refused by the stopping slot: either way nothing of it is written).
        var watcher = new Akka.TestKit.Xunit2.TestKit(node.System);
        await watcher.WatchAsync(slot);
        var probe = watcher.CreateTestProbe();
        local.Inbox.Tell(new PutKey(8, "b", "mine", null, null), probe.Ref);
        local.Inbox.Tell(new PutKey(8, "c", "mine", null, null), probe.Ref);
        Assert.Contains("refused", probe.ExpectMsg<WriteFailed>(Wait).Reason);
        Assert.Contains("nothing was changed", probe.ExpectMsg<WriteFailed>(Wait).Reason);
        await watcher.ExpectTerminatedAsync(slot, Wait);

        // The journal holds the rival's write and nothing after it: the next incarnation continues at 3.
        var next = node.System.ActorOf(DurableSlotActor.PropsFor(8, snapshotEvery: 1000));
        Assert.Null((await next.Ask<GetReply>(new GetKey(8, "c"), Wait)).Entry);
        Assert.Equal("rival", (await next.Ask<GetReply>(new GetKey(8, "a"), Wait)).Entry?.Value);
        Assert.Equal(3, Assert.IsType<WriteOk>(await next.Ask<IWriteReply>(new PutKey(8, "c", "later", null, null), Wait)).Revision);
    }

    [Fact]
    public async Task A_slot_that_always_has_a_batch_in_flight_still_removes_its_expired_keys()
    {
        await using var node = await ActorTestNode.StartAsync(Settings(snapshotEvery: 100_000));
        var slot = node.System.ActorOf(DurableSlotActor.PropsFor(9, snapshotEvery: 100_000));
        await slot.Ask<SlotReady>(new PingSlot(9), Wait);
        var local = LocalSlots.For(node.System).Find(9)!;
        var expiresAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 100;
        Assert.IsType<WriteOk>(await local.Inbox.Ask<IWriteReply>(new PutKey(9, "ttl", "v", null, expiresAt), Wait));

        // Writes keep coming faster than they commit, so the slot nearly always has a batch being journaled.
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                local.Inbox.Tell(new PutKey(9, $"w{i % 50}", "v", null, null), ActorRefs.Nobody);
                if (i % 100 == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (local.State.FindStored("ttl") is not null && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        var removedAfter = clock.Elapsed;
        await stop.CancelAsync();
        await writer.WaitAsync(Wait);
        Assert.True(removedAfter < TimeSpan.FromSeconds(5), $"the expired key was still stored after {removedAfter}");
    }

    /// <summary>A rival writer of the slot (as a second incarnation on a partitioned node would be) journals "a" =
    /// "rival" as sequence number 2, straight through the journal.</summary>
    private static async Task RivalTakesSequenceNumber2(ActorTestNode node, int slot)
    {
        var journal = DirectJournal.Of(Akka.Persistence.Persistence.Instance.Apply(node.System).JournalFor(null))!;
        var rival = new Outcome();
        journal.Append(DurableSlotActor.PersistenceIdFor(slot), 2, [new ValueSet("a", "rival", 2, 2, null)], "rival", rival);
        Assert.True(await rival.Task.WaitAsync(Wait));
    }

    private sealed class Outcome : TaskCompletionSource<bool>, IAppendCallback
    {
        public Outcome()
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
        }

        public void Committed() => TrySetResult(true);

        public void Failed(Exception cause, bool mayHaveCommitted) => TrySetException(cause);
    }
}
