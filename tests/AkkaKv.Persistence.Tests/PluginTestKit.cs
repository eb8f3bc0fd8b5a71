using Akka.Actor;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>A TestKit whose ActorSystem runs the plugin over a database that lives exactly as long as the test.</summary>
public abstract class PluginTestKit : Akka.TestKit.Xunit2.TestKit
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    protected PluginTestKit(TestDatabase database, ITestOutputHelper output)
        : base(PluginTestConfig.For(database.Options), output: output)
    {
        Database = database;
        Sys.WithSchedulerStarted();
    }

    protected TestDatabase Database { get; }

    protected IActorRef Journal => Akka.Persistence.Persistence.Instance.Apply(Sys).JournalFor(null);

    protected IActorRef SnapshotStore => Akka.Persistence.Persistence.Instance.Apply(Sys).SnapshotStoreFor(null);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // stops the ActorSystem (and the plugin's connections) first
        if (disposing)
        {
            Database.Dispose();
        }
    }
}
