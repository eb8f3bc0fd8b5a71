using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using AkkaKv.Persistence;
using AkkaKv.Persistence.Bench;
using AkkaKv.Persistence.GroupCommit;

// usage: bench [sqlite|postgresql] [connection-string|-] [seconds=10] [actors=1024] [in-flight=256] [rows-per-statement=64]
var provider = PluginSettings.ParseProvider(args.Length > 0 ? args[0] : "sqlite");
var tempDir = Path.Combine(Path.GetTempPath(), "akkakv-bench-" + Guid.NewGuid().ToString("N"));
var connectionString = args.Length > 1 && args[1] != "-" ? args[1] : null;
if (connectionString is null)
{
    if (provider != DatabaseProvider.Sqlite)
    {
        throw new ArgumentException("PostgreSQL needs a connection string.");
    }

    Directory.CreateDirectory(tempDir);
    connectionString = $"Data Source={Path.Combine(tempDir, "bench.db")}";
}

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
var seconds = Arg(2, 10);
var actorCount = Arg(3, 1024);
var inFlight = Arg(4, 256);
var rowsPerStatement = Arg(5, PluginSettings.DefaultRowsPerStatement);

var config = ConfigurationFactory.ParseString($"""
        akka.loglevel = WARNING
        {GroupCommitPersistenceConfig.JournalPluginId}.rows-per-statement = {rowsPerStatement}
        """)
    .WithFallback(GroupCommitPersistenceConfig.Build(new JournalOptions(provider, connectionString)));
var system = ActorSystem.Create("bench", config);
try
{
    var slots = Enumerable.Range(0, actorCount).Select(i => system.ActorOf(Props.Create(() => new SlotActor($"slot-{i}")), $"slot-{i}")).ToArray();
    var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
    var completed = new Counter();
    system.ActorOf(Props.Create(() => new Driver(slots, inFlight, completed)), "driver");

    await Task.Delay(TimeSpan.FromSeconds(2)); // warm-up: recovery of the slots, JIT, connection pools
    var startCount = completed.Value;
    var startStats = await journal.Ask<GroupCommitStats>(GetGroupCommitStats.Instance);
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var events = completed.Value - startCount;
    var elapsed = clock.Elapsed.TotalSeconds;
    var endStats = await journal.Ask<GroupCommitStats>(GetGroupCommitStats.Instance);
    var batches = endStats.Batches - startStats.Batches;
    var committed = endStats.Events - startStats.Events;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"provider={provider} actors={actorCount} in-flight={inFlight} rows-per-statement={rowsPerStatement} seconds={elapsed:F1}"));
    var busy = (endStats.CommitTime - startStats.CommitTime).TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"writer busy={busy / elapsed:P0} avg transaction={(batches == 0 ? 0 : busy * 1000 / batches):F2} ms"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"acked events/s={events / elapsed:F0} transactions/s={batches / elapsed:F0} avg batch={(batches == 0 ? 0 : (double)committed / batches):F1} events"));
}
finally
{
    await system.Terminate();
    if (Directory.Exists(tempDir))
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(tempDir, recursive: true);
    }
}
