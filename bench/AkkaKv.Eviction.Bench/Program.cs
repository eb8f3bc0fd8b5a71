using System.Globalization;
using AkkaKv.TestSupport;
using StackExchange.Redis;

// akkakv-cache-bench PORT KEYS REQUESTS [EXPONENT] [SEED]
// Runs the cache-aside workload (GET; on a miss SET a 100-byte value) with Zipf-distributed 16-byte keys against
// 127.0.0.1:PORT after a warm-up of the same length, and prints: requests,hits,hit_rate,requests_per_second.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: akkakv-cache-bench PORT KEYS REQUESTS [EXPONENT=0.99] [SEED=7]");
    return 2;
}

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var keys = int.Parse(args[1], CultureInfo.InvariantCulture);
var requests = long.Parse(args[2], CultureInfo.InvariantCulture);
var exponent = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0.99;
var seed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 7;

await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{port},abortConnect=false,syncTimeout=30000,asyncTimeout=30000");
var zipf = new ZipfKeys(keys, exponent, seed);
// The warm-up fills the cache to its budget so the measured half sees steady state (evicting on every miss).
await CacheAsideWorkload.RunAsync(redis.GetDatabase(), zipf, requests);
var result = await CacheAsideWorkload.RunAsync(redis.GetDatabase(), zipf, requests);
Console.WriteLine(FormattableString.Invariant($"{result.Requests},{result.Hits},{result.HitRate:F4},{result.RequestsPerSecond:F0}"));
return 0;
