using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Akka.TestKit;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>
/// What Akka's journal compliance spec checks, driven through the real journal protocol and a real
/// PersistentActor. Subclasses run the same cases on SQLite and PostgreSQL.
/// </summary>
public abstract class JournalSpec : PluginTestKit
{
    private readonly string _writerGuid = Guid.NewGuid().ToString();

    protected JournalSpec(TestDatabase database, ITestOutputHelper output)
        : base(database, output)
    {
    }

    private Persistent Event(string pid, long seq, object? payload = null) =>
        new(payload ?? $"{pid}-{seq}", seq, pid, string.Empty, false, ActorRefs.NoSender, _writerGuid);

    /// <summary>What Defer puts into WriteMessages (NonPersistentMessage is internal to Akka.Persistence).</summary>
    private static IPersistentEnvelope Loop(object payload, IActorRef sender) =>
        (IPersistentEnvelope)Activator.CreateInstance(typeof(AtomicWrite).Assembly.GetType("Akka.Persistence.NonPersistentMessage", throwOnError: true)!, payload, sender)!;

    private void WriteAtomic(string pid, params long[][] writes)
    {
        var probe = CreateTestProbe();
        var envelopes = writes.Select(w => (IPersistentEnvelope)new AtomicWrite(w.Select(s => (IPersistentRepresentation)Event(pid, s)).ToImmutableList())).ToList();
        Journal.Tell(new WriteMessages(envelopes, probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        foreach (var seq in writes.SelectMany(w => w))
        {
            probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == seq, Timeout);
        }
    }

    private void WriteEvents(string pid, long from, long to)
    {
        for (var seq = from; seq <= to; seq++)
        {
            WriteAtomic(pid, [seq]);
        }
    }

    private (List<IPersistentRepresentation> Events, long Highest) Replay(string pid, long from, long to, long max = long.MaxValue)
    {
        var probe = CreateTestProbe();
        Journal.Tell(new ReplayMessages(from, to, max, pid, probe.Ref));
        var events = new List<IPersistentRepresentation>();
        while (true)
        {
            var message = probe.ExpectMsg<object>(Timeout);
            switch (message)
            {
                case ReplayedMessage replayed:
                    events.Add(replayed.Persistent);
                    break;
                case RecoverySuccess success:
                    return (events, success.HighestSequenceNr);
                default:
                    throw new InvalidOperationException($"unexpected {message}");
            }
        }
    }

    [Fact]
    public void Replays_events_in_order_with_their_metadata()
    {
        WriteEvents("p1", 1, 5);
        var (events, highest) = Replay("p1", 1, long.MaxValue);
        Assert.Equal([1L, 2, 3, 4, 5], events.Select(e => e.SequenceNr));
        Assert.Equal(["p1-1", "p1-2", "p1-3", "p1-4", "p1-5"], events.Select(e => (string)e.Payload));
        Assert.All(events, e => Assert.Equal(_writerGuid, e.WriterGuid));
        Assert.All(events, e => Assert.Equal("p1", e.PersistenceId));
        Assert.All(events, e => Assert.True(e.Timestamp > 0));
        Assert.Equal(5, highest);
    }

    [Fact]
    public void Replays_only_the_requested_range()
    {
        WriteEvents("p1", 1, 10);
        Assert.Equal([3L, 4, 5, 6, 7], Replay("p1", 3, 7).Events.Select(e => e.SequenceNr));
        Assert.Equal([3L, 4], Replay("p1", 3, 7, max: 2).Events.Select(e => e.SequenceNr));
        Assert.Equal([9L, 10], Replay("p1", 9, long.MaxValue).Events.Select(e => e.SequenceNr));
        Assert.Empty(Replay("p1", 8, 5).Events);
        Assert.Empty(Replay("p1", 1, 10, max: 0).Events);
        Assert.Empty(Replay("p1", 11, long.MaxValue).Events);
        Assert.Equal(10, Replay("p1", 1, long.MaxValue).Highest);
    }

    [Fact]
    public void Highest_sequence_number_is_zero_for_an_unknown_persistence_id()
    {
        var (events, highest) = Replay("nobody", 1, long.MaxValue);
        Assert.Empty(events);
        Assert.Equal(0, highest);
    }

    [Fact]
    public void Delete_to_removes_only_events_up_to_that_sequence_number()
    {
        WriteEvents("p1", 1, 5);
        WriteEvents("p2", 1, 2);
        var probe = CreateTestProbe();
        Journal.Tell(new DeleteMessagesTo("p1", 3, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(m => m.ToSequenceNr == 3, Timeout);
        Assert.Equal([4L, 5], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
        Assert.Equal(2, Replay("p2", 1, long.MaxValue).Events.Count);
    }

    [Fact]
    public void Highest_sequence_number_survives_deleting_everything()
    {
        WriteEvents("p1", 1, 5);
        var probe = CreateTestProbe();
        Journal.Tell(new DeleteMessagesTo("p1", long.MaxValue, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(Timeout);
        var (events, highest) = Replay("p1", 1, long.MaxValue);
        Assert.Empty(events);
        Assert.Equal(5, highest);

        // Writing again continues after 5, and deleting again keeps the larger number.
        WriteEvents("p1", 6, 7);
        Journal.Tell(new DeleteMessagesTo("p1", 6, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(Timeout);
        Assert.Equal([7L], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
        Assert.Equal(7, Replay("p1", 1, long.MaxValue).Highest);
    }

    [Fact]
    public void Persistent_actor_continues_numbering_after_deleting_all_its_events()
    {
        var actor = Sys.ActorOf(EventLogActor.Props("a1"));
        foreach (var v in new[] { "x", "y", "z" })
        {
            actor.Tell(new Append(v), TestActor);
            ExpectMsg<Acked>(Timeout);
        }

        actor.Tell(new DeleteAllEvents(), TestActor);
        ExpectMsg<DeleteMessagesSuccess>(Timeout);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Timeout);

        var again = Sys.ActorOf(EventLogActor.Props("a1"));
        again.Tell(new Append("w"), TestActor);
        Assert.Equal(4, ExpectMsg<Acked>(Timeout).SequenceNr);
    }

    [Fact]
    public void Atomic_write_of_several_events_is_stored_whole()
    {
        WriteAtomic("p1", [1, 2, 3], [4]);
        Assert.Equal([1L, 2, 3, 4], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
    }

    [Fact]
    public void A_write_that_cannot_be_serialized_is_rejected_alone()
    {
        var probe = CreateTestProbe();
        var good = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event("p1", 1), Event("p1", 2)));
        var bad = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event("p1", 3), Event("p1", 4, new Unserializable("nope"))));
        var other = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event("p2", 1)));
        Journal.Tell(new WriteMessages([good, bad, other], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == 1, Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == 2, Timeout);
        probe.ExpectMsg<WriteMessageRejected>(m => m.Persistent.SequenceNr == 3, Timeout);
        probe.ExpectMsg<WriteMessageRejected>(m => m.Persistent.SequenceNr == 4, Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.PersistenceId == "p2", Timeout);

        Assert.Equal([1L, 2], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
        Assert.Single(Replay("p2", 1, long.MaxValue).Events);
    }

    [Fact]
    public void Loop_messages_are_answered_in_place_after_the_writes_before_them_commit()
    {
        var probe = CreateTestProbe();
        var senderA = CreateTestProbe();
        var senderB = CreateTestProbe();
        var first = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(Event("p1", 1), Event("p1", 2)));
        var second = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(
            new Persistent("p1-3", 3, "p1", string.Empty, false, senderB.Ref, _writerGuid)));
        Journal.Tell(new WriteMessages([first, Loop("loop-1", senderA.Ref), second, Loop("loop-2", senderB.Ref)], probe.Ref, 7));
        // A batch of loop messages only, sent while the first one is still in flight, must not overtake its replies.
        Journal.Tell(new WriteMessages([Loop("loop-3", senderA.Ref)], probe.Ref, 7));

        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == 1 && m.ActorInstanceId == 7, Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == 2, Timeout);
        probe.ExpectMsg<LoopMessageSuccess>(m => (string)m.Message == "loop-1" && m.ActorInstanceId == 7, Timeout);
        Assert.Equal(senderA.Ref, probe.LastSender);
        probe.ExpectMsg<WriteMessageSuccess>(m => m.Persistent.SequenceNr == 3, Timeout);
        Assert.Equal(senderB.Ref, probe.LastSender);
        probe.ExpectMsg<LoopMessageSuccess>(m => (string)m.Message == "loop-2", Timeout);
        Assert.Equal(senderB.Ref, probe.LastSender);
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ExpectMsg<LoopMessageSuccess>(m => (string)m.Message == "loop-3", Timeout);
        Assert.Equal(senderA.Ref, probe.LastSender);
        Assert.Equal([1L, 2, 3], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
    }

    [Fact]
    public void A_write_the_database_refuses_fails_every_event_and_still_answers_its_loop_messages()
    {
        WriteEvents("p1", 1, 2);
        var probe = CreateTestProbe();
        var sender = CreateTestProbe();
        var duplicate = new AtomicWrite(ImmutableList.Create<IPersistentRepresentation>(
            Event("p1", 3), new Persistent("p1-2", 2, "p1", string.Empty, false, sender.Ref, _writerGuid)));
        Journal.Tell(new WriteMessages([duplicate, Loop("after", sender.Ref)], probe.Ref, 3));

        Assert.Equal(1, probe.ExpectMsg<WriteMessagesFailed>(Timeout).WriteCount);
        probe.ExpectMsg<WriteMessageFailure>(m => m.Persistent.SequenceNr == 3 && m.ActorInstanceId == 3, Timeout);
        probe.ExpectMsg<WriteMessageFailure>(m => m.Persistent.SequenceNr == 2, Timeout);
        Assert.Equal(sender.Ref, probe.LastSender);
        probe.ExpectMsg<LoopMessageSuccess>(m => (string)m.Message == "after", Timeout);
        Assert.Equal([1L, 2], Replay("p1", 1, long.MaxValue).Events.Select(e => e.SequenceNr));
    }

    [Fact]
    public void Defer_runs_after_the_persisted_events_before_it()
    {
        var actor = Sys.ActorOf(AsyncLogActor.Props("d1"));
        var expected = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            // Defer in the same batch as the events, and Defer alone while those events are still in flight.
            actor.Tell(new PersistAsyncThenDefer([$"a{i}", $"b{i}"], $"d{i}"), TestActor);
            actor.Tell(new DeferOnly($"e{i}"), TestActor);
            expected.AddRange([$"a{i}", $"b{i}", $"d{i}", $"e{i}"]);
        }

        Assert.Equal(expected, ReceiveN(expected.Count, Timeout).Cast<string>());
        actor.Tell(new GetLog(), TestActor);
        Assert.Equal(expected, ExpectMsg<string[]>(Timeout));
    }

    [Fact]
    public void Replies_to_each_actor_keep_the_order_of_its_writes_with_many_in_flight()
    {
        const int actors = 20;
        const int commands = 150;
        var probes = Enumerable.Range(0, actors).Select(_ => CreateTestProbe()).ToArray();
        var refs = Enumerable.Range(0, actors).Select(i => Sys.ActorOf(AsyncLogActor.Props($"o{i}"))).ToArray();
        var expected = new List<string>[actors];
        for (var a = 0; a < actors; a++)
        {
            expected[a] = [];
        }

        // PersistAllAsync does not wait for replies, so each actor has many writes in flight in consecutive batches.
        for (var c = 0; c < commands; c++)
        {
            for (var a = 0; a < actors; a++)
            {
                var values = c % 3 == 0 ? new[] { $"{a}-{c}-x", $"{a}-{c}-y" } : [$"{a}-{c}"];
                var deferred = c % 7 == 0 ? $"{a}-{c}-defer" : null;
                refs[a].Tell(new PersistAsyncThenDefer(values, deferred), probes[a].Ref);
                expected[a].AddRange(values);
                if (deferred is not null)
                {
                    expected[a].Add(deferred);
                }
            }
        }

        for (var a = 0; a < actors; a++)
        {
            Assert.Equal(expected[a], probes[a].ReceiveN(expected[a].Count, TimeSpan.FromSeconds(60)).Cast<string>());
        }

        // And every persisted event is stored, in order.
        var (events, highest) = Replay("o0", 1, long.MaxValue);
        Assert.Equal(expected[0].Where(v => !v.EndsWith("-defer", StringComparison.Ordinal)), events.Select(e => (string)e.Payload));
        Assert.Equal(events.Count, highest);
    }

    [Fact]
    public void Persistent_actor_recovers_its_events_in_order()
    {
        var actor = Sys.ActorOf(EventLogActor.Props("a1"));
        actor.Tell(new AppendMany(["a", "b", "c"]), TestActor);
        ExpectMsg<Acked>(Timeout);
        ExpectMsg<Acked>(Timeout);
        ExpectMsg<Acked>(Timeout);
        for (var i = 0; i < 10; i++)
        {
            actor.Tell(new Append($"e{i}"), TestActor);
        }

        Assert.Equal(Enumerable.Range(4, 10).Select(i => (long)i), ReceiveN(10, Timeout).Cast<Acked>().Select(a => a.SequenceNr));
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Timeout);

        Sys.ActorOf(EventLogActor.Props("a1")).Tell(new GetState(), TestActor);
        var state = ExpectMsg<State>(Timeout);
        Assert.Equal(["a", "b", "c", .. Enumerable.Range(0, 10).Select(i => $"e{i}")], state.Events);
        Assert.Equal(13, state.LastSequenceNr);
    }

    [Fact]
    public void Many_actors_persisting_at_once_are_all_acknowledged_and_replayed()
    {
        const int actors = 200;
        const int eventsEach = 20;
        var refs = Enumerable.Range(0, actors).Select(i => Sys.ActorOf(EventLogActor.Props($"c{i}"))).ToArray();
        for (var e = 0; e < eventsEach; e++)
        {
            foreach (var actor in refs)
            {
                actor.Tell(new Append($"v{e}"), TestActor);
            }
        }

        var acks = ReceiveN(actors * eventsEach, TimeSpan.FromSeconds(60)).Cast<Acked>().ToList();
        foreach (var group in acks.GroupBy(a => a.PersistenceId))
        {
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => (long)i), group.Select(a => a.SequenceNr));
        }

        foreach (var actor in refs)
        {
            Watch(actor);
            Sys.Stop(actor);
            ExpectTerminated(actor, Timeout);
        }

        var expected = Enumerable.Range(0, eventsEach).Select(i => $"v{i}").ToArray();
        for (var i = 0; i < actors; i++)
        {
            Sys.ActorOf(EventLogActor.Props($"c{i}")).Tell(new GetState(), TestActor);
            Assert.Equal(expected, ExpectMsg<State>(Timeout).Events);
        }
    }

    [Fact]
    public async Task A_new_actor_system_on_the_same_database_recovers_everything()
    {
        var config = PluginTestConfig.For(Database.Options);
        var first = ActorSystem.Create("first", config).WithSchedulerStarted();
        try
        {
            var probe = new TestProbe(first, new Akka.TestKit.Xunit2.XunitAssertions());
            for (var a = 0; a < 5; a++)
            {
                var actor = first.ActorOf(EventLogActor.Props($"r{a}"));
                for (var i = 0; i < 10; i++)
                {
                    actor.Tell(new Append($"r{a}-{i}"), probe.Ref);
                }

                probe.ReceiveN(10, Timeout);
                if (a == 0)
                {
                    actor.Tell(new TakeSnapshot(), probe.Ref);
                    probe.ExpectMsg<SaveSnapshotSuccess>(Timeout);
                    actor.Tell(new Append("after-snapshot"), probe.Ref);
                    probe.ExpectMsg<Acked>(Timeout);
                }
            }
        }
        finally
        {
            await first.Terminate();
        }

        var second = ActorSystem.Create("second", config).WithSchedulerStarted();
        try
        {
            var probe = new TestProbe(second, new Akka.TestKit.Xunit2.XunitAssertions());
            for (var a = 0; a < 5; a++)
            {
                second.ActorOf(EventLogActor.Props($"r{a}")).Tell(new GetState(), probe.Ref);
                var state = probe.ExpectMsg<State>(Timeout);
                var expected = Enumerable.Range(0, 10).Select(i => $"r{a}-{i}").ToList();
                if (a == 0)
                {
                    expected.Add("after-snapshot");
                }

                Assert.Equal(expected, state.Events);
            }
        }
        finally
        {
            await second.Terminate();
        }
    }
}
