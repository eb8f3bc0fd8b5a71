using System.Globalization;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>redis-benchmark (50 clients, its default) runs its PING, SET, GET, INCR and MSET tests to the end against a
/// cache-mode and a store-mode node. It exits non-zero at the first error reply, so a clean run means every one of
/// its requests got a well-formed, non-error reply.</summary>
public sealed class RedisBenchmarkTests(CacheRespNode cache, StoreRespNode store) : IClassFixture<CacheRespNode>, IClassFixture<StoreRespNode>
{
    private static readonly string[] ExpectedTests = ["PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)"];

    [Fact]
    public Task Completes_against_a_cache_mode_node() => RunBenchmark(cache.Port);

    [Fact]
    public Task Completes_against_a_store_mode_node() => RunBenchmark(store.Port);

    private static async Task RunBenchmark(int port)
    {
        var result = await CommandLineTool.RunAsync(
            "redis-benchmark",
            ["-p", port.ToString(CultureInfo.InvariantCulture), "-t", "ping,set,get,incr,mset", "-n", "20000", "--csv"],
            timeout: TimeSpan.FromSeconds(120));
        var report = $"exit code {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(result.ExitCode == 0, report);
        Assert.DoesNotContain("error", result.StandardError, StringComparison.OrdinalIgnoreCase);

        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("\"test\",\"rps\"", string.Join(',', lines[0].Split(',').Take(2)));
        var rps = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(
            f => f[0].Trim('"'),
            f => double.Parse(f[1].Trim('"'), CultureInfo.InvariantCulture));
        Assert.Equal(ExpectedTests, rps.Keys);
        Assert.All(rps, test => Assert.True(test.Value > 0, $"{test.Key}: {test.Value} requests/s\n{report}"));
    }
}
