using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Journal;
using AkkaKv.Actors.Coordination;
using AkkaKv.Coordination;

namespace AkkaKv.Actors.Tests.Coordination;

/// <summary>The coordinator is a singleton that moves between nodes: stopping it must not leave a write of its own in
/// the journal's queue, or the next coordinator recovers without it and reuses its sequence number.</summary>
public sealed class KeyspaceCoordinatorStopTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly Config Journal = ConfigurationFactory.ParseString($$"""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp.port = 0
        akka.remote.dot-netty.tcp.hostname = 127.0.0.1
        akka.persistence.journal.plugin = "akka.persistence.journal.gated"
        akka.persistence.journal.gated.class = "{{typeof(GatedJournal).AssemblyQualifiedName}}"
        akka.persistence.journal.gated.plugin-dispatcher = "akka.actor.default-dispatcher"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """);

    private static readonly KeyspaceConfig Born = new(8, 4, "Store");

    public KeyspaceCoordinatorStopTests()
        : base(Journal)
    {
    }

    [Fact]
    public void Stop_waits_for_the_write_in_flight_then_the_next_coordinator_recovers_it()
    {
        var (coordinator, gate) = BirthHeldInTheJournal("coordinator-1");
        coordinator.Tell(KeyspaceCoordinator.Stop.Instance);

        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // neither the reply nor Terminated while the write is held
        gate.SetResult();
        Assert.IsType<NodeAccepted>(ExpectMsg<object>());
        ExpectTerminated(coordinator);

        // The next incarnation has the birth: a node with another slot count is refused against it.
        var next = Sys.ActorOf(KeyspaceCoordinator.PropsFor(durable: true), "coordinator-2");
        next.Tell(new RegisterNode("akka.tcp://kv@127.0.0.1:2", Born with { SlotCount = 16 }), TestActor);
        Assert.IsType<NodeRefused>(ExpectMsg<object>());
    }

    [Fact]
    public void A_PoisonPill_would_stop_it_with_the_write_still_held_which_is_why_the_singleton_does_not_use_one()
    {
        var (coordinator, gate) = BirthHeldInTheJournal("coordinator-3");
        coordinator.Tell(PoisonPill.Instance);

        ExpectTerminated(coordinator);
        Assert.Equal(1, GatedJournal.Waiting);
        gate.SetResult();
    }

    /// <summary>A watched coordinator whose first registration (the cluster's birth) the journal holds until the gate opens.</summary>
    private (IActorRef Coordinator, TaskCompletionSource Gate) BirthHeldInTheJournal(string name)
    {
        var gate = GatedJournal.Close();
        var coordinator = Sys.ActorOf(KeyspaceCoordinator.PropsFor(durable: true), name);
        Watch(coordinator);
        coordinator.Tell(new RegisterNode("akka.tcp://kv@127.0.0.1:1", Born), TestActor);
        AwaitCondition(() => GatedJournal.Waiting > 0);
        return (coordinator, gate);
    }

    /// <summary>The in-memory journal, holding every write until the test opens the gate.</summary>
    public sealed class GatedJournal : MemoryJournal
    {
        private static TaskCompletionSource _gate = NewGate();
        private static int _waiting;

        public static int Waiting => Volatile.Read(ref _waiting);

        public static TaskCompletionSource Close()
        {
            Volatile.Write(ref _waiting, 0);
            return _gate = NewGate();
        }

        protected override async Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            await _gate.Task;
            Interlocked.Decrement(ref _waiting);
            return await base.WriteMessagesAsync(messages, cancellationToken);
        }

        private static TaskCompletionSource NewGate() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
