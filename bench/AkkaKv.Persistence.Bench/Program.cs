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
    var process = Process.GetCurrentProcess();
    process.Refresh();
    var startCpu = process.TotalProcessorTime;
    var startIo = ReadIoBytes();
    var startWriterCpu = ReadThreadCpuSeconds("akkakv-group-c");
    var startGc = GC.CollectionCount(0);
    var startAlloc = GC.GetTotalAllocatedBytes();
    var clock = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var events = completed.Value - startCount;
    var elapsed = clock.Elapsed.TotalSeconds;
    process.Refresh();
    var cpu = (process.TotalProcessorTime - startCpu).TotalSeconds;
    var io = ReadIoBytes() - startIo;
    var writerCpu = ReadThreadCpuSeconds("akkakv-group-c") - startWriterCpu;
    var gen0 = GC.CollectionCount(0) - startGc;
    var alloc = GC.GetTotalAllocatedBytes() - startAlloc;
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
    // Whole process (journal + Akka + bench actors): CPU and bytes written per acknowledged event.
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"cpu={cpu / elapsed:F2} cores cpu/event={(events == 0 ? 0 : cpu * 1e6 / events):F1} us write_bytes/event={(events == 0 ? 0 : (double)io / events):F0} alloc/event={(events == 0 ? 0 : (double)alloc / events):F0} B gen0={gen0}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"writer thread cpu={writerCpu / elapsed:F2} cores writer cpu/event={(events == 0 ? 0 : writerCpu * 1e6 / events):F1} us"));
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

// Bytes the process handed to the kernel for writing (WAL frames + checkpoints); Linux only, 0 elsewhere.
static long ReadIoBytes()
{
    try
    {
        foreach (var line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }
    }
    catch (IOException)
    {
    }

    return 0;
}

// user+system CPU of the threads whose name (Linux comm, 15 chars) starts with prefix; 0 where /proc is missing.
static double ReadThreadCpuSeconds(string prefix)
{
    double total = 0;
    try
    {
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var stat = File.ReadAllText(Path.Combine(task, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0; // utime, stime in USER_HZ
        }
    }
    catch (IOException)
    {
    }

    return total;
}
