using System.Diagnostics;
using System.Globalization;
using AkkaKv.Slots;

// akkakv-table-bench [keys=100000] [slots=1024] [rounds=5]: fills as many slot tables as a node has with
// redis-benchmark's key shape (key:000000012345, values of 3 bytes), then times Find of random stored keys, each a
// fresh string as a parsed request brings it. Prints one line per round: ns per lookup.
var keys = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var slots = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1024;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;

var tables = new EntryTable[slots];
for (var i = 0; i < slots; i++)
{
    tables[i] = new EntryTable();
}

int SlotOf(string key) => (int)((uint)key.GetHashCode() % (uint)slots);

// Random order of inserts, as a warm-up of redis-benchmark -r leaves them scattered over the heap.
var random = new Random(1);
var names = Enumerable.Range(0, keys).Select(k => $"key:{k:D12}").ToArray();
foreach (var k in Enumerable.Range(0, keys).OrderBy(_ => random.Next()))
{
    tables[SlotOf(names[k])].Set(new KvEntry(names[k], "xxx", 1, 1, null));
}

var probes = new string[1 << 20];
for (var i = 0; i < probes.Length; i++)
{
    probes[i] = new string(names[random.Next(keys)]);
}

GC.Collect();
Console.WriteLine($"{keys:N0} keys in {slots:N0} tables, {probes.Length:N0} lookups per round");
for (var round = 0; round < rounds; round++)
{
    var watch = Stopwatch.StartNew();
    var found = 0;
    foreach (var key in probes)
    {
        if (tables[SlotOf(key)].Find(key) is not null)
        {
            found++;
        }
    }

    var lookupNs = watch.Elapsed.TotalNanoseconds / probes.Length;
    if (found != probes.Length)
    {
        throw new InvalidOperationException($"found {found} of {probes.Length} stored keys");
    }

    Console.WriteLine($"round {round + 1}: {lookupNs:F0} ns per lookup");
}
