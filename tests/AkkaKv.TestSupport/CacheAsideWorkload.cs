using StackExchange.Redis;

namespace AkkaKv.TestSupport;

/// <summary>A cache in front of a slower store, as applications use Redis: GET the key; on a miss, SET it (100-byte
/// value). Keys are Zipf-distributed; the hit rate is what the cache's eviction policy earns within its budget. Runs
/// <paramref name="concurrency"/> requests in flight over one multiplexed connection.</summary>
public static class CacheAsideWorkload
{
    public static readonly string Value = new('v', 100);

    public sealed record Result(long Requests, long Hits, TimeSpan Elapsed)
    {
        public double HitRate => Requests == 0 ? 0 : (double)Hits / Requests;

        public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;
    }

    public static async Task<Result> RunAsync(IDatabase db, ZipfKeys keys, long requests, int concurrency = 64)
    {
        long hits = 0;
        long issued = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampler = new Lock();

        async Task Worker()
        {
            while (Interlocked.Increment(ref issued) <= requests)
            {
                int rank;
                lock (sampler)
                {
                    rank = keys.Next();
                }

                var key = ZipfKeys.KeyOf(rank);
                if (!(await db.StringGetAsync(key)).IsNull)
                {
                    Interlocked.Increment(ref hits);
                }
                else
                {
                    await db.StringSetAsync(key, Value);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(Worker)));
        return new Result(requests, hits, clock.Elapsed);
    }
}
