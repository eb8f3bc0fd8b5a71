using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using AkkaKv.Persistence;

// usage: AkkaKv.Persistence.Tests.Writer <sqlite-file> — runs until killed.
var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING")
    .WithFallback(GroupCommitPersistenceConfig.Build(new JournalOptions(DatabaseProvider.Sqlite, $"Data Source={args[0]}")));
var system = ActorSystem.Create("writer", config);

// Start the scheduler before 32 actors recover at once: on first use it blocks its caller on a thread-pool work item,
// and 32 recoveries doing that together starve the pool (see SchedulerWarmup in AkkaKv.Persistence.Tests).
system.Scheduler.Advanced.ScheduleOnce(TimeSpan.Zero, static () => { });
for (var i = 0; i < 32; i++)
{
    system.ActorOf(Props.Create(() => new TripleWriter($"w{i}")));
}

Console.WriteLine("started");
await system.WhenTerminated;

/// <summary>Persists 3 events per AtomicWrite forever; prints "pid seq" only once the journal acknowledged it.</summary>
internal sealed class TripleWriter : ReceivePersistentActor
{
    public TripleWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<string>(_ => { });
        Command<string>(_ => PersistAll(["a", "b", "c"], _ =>
        {
            Console.WriteLine($"{PersistenceId} {LastSequenceNr}");
            if (LastSequenceNr % 3 == 0)
            {
                Self.Tell("next");
            }
        }));
    }

    public override string PersistenceId { get; }

    protected override void OnReplaySuccess() => Self.Tell("next");
}
