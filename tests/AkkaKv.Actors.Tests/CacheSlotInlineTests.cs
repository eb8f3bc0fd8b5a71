using System.Collections.Concurrent;
using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Messages;
using AkkaKv.Ops;

namespace AkkaKv.Actors.Tests;

/// <summary>A cache-mode slot's inline path (<see cref="LocalSlot.TryRunInline"/>): decided and applied on the caller's
/// thread under the slot's lock, which the owning <see cref="VolatileSlotActor"/> takes too.</summary>
public sealed class CacheSlotInlineTests : Akka.TestKit.Xunit2.TestKit
{
    private static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Starts a cache slot and returns it with what it published (PreStart has run once it answers a ping).</summary>
    private (IActorRef Slot, LocalSlot Local) StartSlot(int slot, IActorRef? handOffTarget = null)
    {
        var actor = Sys.ActorOf(VolatileSlotActor.PropsFor(slot, clock: null, handOffTarget));
        actor.Tell(new PingSlot(slot), TestActor);
        ExpectMsg<SlotReady>();
        var local = LocalSlots.For(Sys).Find(slot);
        Assert.NotNull(local);
        Assert.Same(actor, local.Owner);
        Assert.True(local.AcceptsInlineWrites);
        return (actor, local);
    }

    private static OpResult[] RunInline(LocalSlot local, RunOps command)
    {
        Assert.True(local.TryRunInline(command, NowMs, out var reply));
        return Assert.IsType<OpsDone>(reply).Results;
    }

    private OpResult[] RunThroughActor(IActorRef slot, RunOps command)
    {
        slot.Tell(command, TestActor);
        return ExpectMsg<OpsDone>().Results;
    }

    [Fact]
    public void An_inline_RunOps_is_applied_before_it_returns_and_the_actor_sees_it()
    {
        var (slot, local) = StartSlot(5);

        var results = RunInline(local, new RunOps(5, [new SetOp("a", "1", ExpiryChange.Clear), new IncrementOp("n", 2), new IncrementOp("n", 3), new GetOp("a")]));
        Assert.Equal(new[] { OpResult.Ok, OpResult.Of(2), OpResult.Of(5), OpResult.Value("1") }, results);

        // In the state at once, on this thread: no message was needed.
        Assert.Equal("1", local.State.Find("a", NowMs)!.Value);
        Assert.Equal("5", local.State.Find("n", NowMs)!.Value);
        Assert.Equal(3, local.State.Revision);

        // The actor serves the same state: its queries and the commands sent to it see the inline writes.
        slot.Tell(new GetKey(5, "a"), TestActor);
        var a = ExpectMsg<GetReply>().Entry;
        Assert.Equal(("1", 1L, 1L), (a!.Value, a.Version, a.ModRevision));
        Assert.Equal(new[] { OpResult.Of(6) }, RunThroughActor(slot, new RunOps(5, [new IncrementOp("n", 1)])));

        // And the inline path sees what the actor wrote.
        Assert.Equal(new[] { OpResult.Value("6") }, RunInline(local, new RunOps(5, [new GetOp("n")])));
    }

    [Fact]
    public void An_inline_RunOps_whose_watched_key_changed_is_aborted_and_changes_nothing()
    {
        var (_, local) = StartSlot(5);
        RunInline(local, new RunOps(5, [new SetOp("a", "1", ExpiryChange.Clear)]));
        var watched = Assert.IsType<WatchedKey>(RunInline(local, new RunOps(5, [new WatchOp("a")]))[0].Payload);
        RunInline(local, new RunOps(5, [new SetOp("a", "2", ExpiryChange.Clear)]));

        Assert.True(local.TryRunInline(new RunOps(5, [new SetOp("b", "1", ExpiryChange.Clear)], [watched]), NowMs, out var reply));
        Assert.Same(OpsAborted.Instance, reply);
        Assert.Null(local.State.Find("b", NowMs));
        Assert.Equal(2, local.State.Revision);
    }

    [Fact]
    public void A_key_written_inline_with_a_ttl_is_removed_by_the_owners_expiry_timer()
    {
        var (slot, local) = StartSlot(5);

        // Nothing has been sent to the actor, so its expiry timer is not running: only the inline path's notice arms it.
        RunInline(local, new RunOps(5, [new SetOp("t", "v", ExpiryChange.At(NowMs + 200)), new SetOp("keep", "v", ExpiryChange.Clear)]));
        Assert.NotNull(local.State.FindStored("t"));

        AwaitAssert(
            () =>
            {
                // Removed from the state, not just hidden by its expiry: the timer ran and expired it.
                Assert.Null(local.State.FindStored("t"));
                slot.Tell(new PingSlot(5), TestActor);
                var ready = ExpectMsg<SlotReady>();
                Assert.Equal((1, 3L), (ready.Keys, ready.Revision)); // two sets and the expiry
            },
            TimeSpan.FromSeconds(5),
            TimeSpan.FromMilliseconds(100));
        Assert.Equal("v", local.State.Find("keep", NowMs)!.Value);
    }

    [Fact]
    public void A_plain_inline_SET_decides_as_SetOp_does_and_a_withdrawn_slot_refuses_it()
    {
        var (_, local) = StartSlot(8);
        var now = NowMs;
        RunInline(local, new RunOps(8, [new SetOp("ttl", "1", ExpiryChange.At(now + 60_000)), new SetOp("gone", "1", ExpiryChange.At(now + 30_000))]));

        Assert.True(local.TrySetInline("ttl", "2", now));
        Assert.True(local.TrySetInline("new", "a", now));
        // Past its expiry, "gone" counts as absent: the new value starts again at version 1.
        Assert.True(local.TrySetInline("gone", "b", now + 40_000));

        var ttl = local.State.Find("ttl", now)!;
        Assert.Equal(("2", 2L, 3L, (long?)null), (ttl.Value, ttl.Version, ttl.ModRevision, ttl.ExpiresAtMs));
        Assert.Equal((1L, 4L), (local.State.Find("new", now)!.Version, local.State.Find("new", now)!.ModRevision));
        Assert.Equal((1L, 5L), (local.State.Find("gone", now + 40_000)!.Version, local.State.Revision));

        LocalSlots.For(Sys).Withdraw(8, local);
        Assert.False(local.TrySetInline("ttl", "3", now));
        Assert.Equal("2", local.State.Find("ttl", now)!.Value);
        Assert.Equal(5L, local.State.Revision);
    }

    [Fact]
    public void A_withdrawn_slot_refuses_inline_writes_but_its_actor_still_serves_commands()
    {
        var (slot, local) = StartSlot(5);
        RunInline(local, new RunOps(5, [new SetOp("a", "1", ExpiryChange.Clear)]));

        LocalSlots.For(Sys).Withdraw(5, local);

        Assert.Null(LocalSlots.For(Sys).Find(5));
        Assert.False(local.TryRunInline(new RunOps(5, [new SetOp("a", "2", ExpiryChange.Clear)]), NowMs, out var reply));
        Assert.Null(reply);
        Assert.Equal("1", local.State.Find("a", NowMs)!.Value);
        Assert.Equal(new[] { OpResult.Value("1") }, RunThroughActor(slot, new RunOps(5, [new GetOp("a")])));
    }

    [Fact]
    public void On_hand_off_the_slot_refuses_inline_writes_forwards_commands_to_the_next_home_and_stops()
    {
        var nextHome = CreateTestProbe();
        var (slot, local) = StartSlot(6, nextHome.Ref);
        RunInline(local, new RunOps(6, [new SetOp("a", "1", ExpiryChange.Clear)]));
        Watch(slot);

        slot.Tell(SlotHandOff.Instance);
        var late = new RunOps(6, [new SetOp("a", "2", ExpiryChange.Clear)]);
        slot.Tell(late, TestActor);

        // Once the hand-off has begun (the command after it went to the next home), the slot is withdrawn and closed.
        Assert.Same(late, nextHome.ExpectMsg<RunOps>());
        Assert.Equal(TestActor, nextHome.LastSender);
        Assert.Null(LocalSlots.For(Sys).Find(6));
        Assert.False(local.TryRunInline(new RunOps(6, [new IncrementOp("n", 1)]), NowMs, out _));
        Assert.Equal("1", local.State.Find("a", NowMs)!.Value);
        Assert.Null(local.State.Find("n", NowMs));

        ExpectTerminated(slot, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Inline_increments_from_many_threads_and_the_actors_own_are_serialized_by_the_slot_lock()
    {
        var (slot, local) = StartSlot(7);
        const int threads = 8;
        const int inlinePerThread = 3000;
        const int throughActor = 1000;
        var seen = new ConcurrentBag<long>();
        var failures = new ConcurrentQueue<string>();
        using var start = new ManualResetEventSlim();

        // A worker records what went wrong rather than throw: an exception on a bare thread would kill the test host.
        var workers = Enumerable.Range(0, threads)
            .Select(_ => new Thread(() =>
            {
                start.Wait();
                try
                {
                    for (var i = 0; i < inlinePerThread; i++)
                    {
                        if (!local.TryRunInline(new RunOps(7, [new IncrementOp("n", 1)]), NowMs, out var reply))
                        {
                            failures.Enqueue("the slot refused an inline write");
                            return;
                        }

                        seen.Add(((OpsDone)reply!).Results[0].Number);
                    }
                }
                catch (Exception ex)
                {
                    failures.Enqueue(ex.ToString());
                }
            }))
            .ToList();
        workers.ForEach(w => w.Start());

        start.Set();
        for (var i = 0; i < throughActor; i++)
        {
            slot.Tell(new RunOps(7, [new IncrementOp("n", 1)]), TestActor);
        }

        workers.ForEach(w => Assert.True(w.Join(TimeSpan.FromSeconds(10))));
        Assert.Empty(failures);
        foreach (var done in ReceiveN(throughActor, TimeSpan.FromSeconds(10)))
        {
            seen.Add(Assert.IsType<OpsDone>(done).Results[0].Number);
        }

        // One writer at a time: every increment read the value the one before it wrote, so none was lost and each
        // result is distinct.
        const int total = (threads * inlinePerThread) + throughActor;
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen.Order());
        slot.Tell(new GetKey(7, "n"), TestActor);
        var n = ExpectMsg<GetReply>().Entry;
        Assert.Equal((total.ToString(System.Globalization.CultureInfo.InvariantCulture), (long)total), (n!.Value, n.Version));
        Assert.Equal(total, local.State.Revision);
    }
}
