using System.Globalization;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>The same redis-cli scripts against a real Redis and a store-mode node: every line redis-cli prints (replies,
/// their types, error texts) must be the same, over RESP2 and RESP3. A difference fails the test with the lines around
/// it, Redis's and ours, so a change that drifts from Redis (or a Redis that changes) is seen at once.</summary>
public sealed class RedisConformanceTests(StoreRespNode node, RedisServerProcess redis)
    : IClassFixture<StoreRespNode>, IClassFixture<RedisServerProcess>
{
    public static TheoryData<string, int> Scripts()
    {
        var data = new TheoryData<string, int>();
        foreach (var field in typeof(RedisConformanceScripts).GetFields())
        {
            data.Add(field.Name, 2);
            data.Add(field.Name, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Replies_are_the_ones_Redis_gives(string script, int protocol)
    {
        var text = (string)typeof(RedisConformanceScripts).GetField(script)!.GetValue(null)!;
        var tag = $"{{conf-{script}-{protocol}-{Guid.NewGuid():N}}}";
        var commands = text.ReplaceLineEndings("\n").Replace("@", tag, StringComparison.Ordinal) + "\n";

        // One connection per server for the whole script: MULTI and CLIENT SETNAME carry from line to line.
        var expected = await Run(redis.Port, protocol, commands);
        var actual = await Run(node.Port, protocol, commands);

        Assert.True(expected.Length > 0, "Redis printed nothing");
        var first = Enumerable.Range(0, Math.Max(expected.Length, actual.Length))
            .FirstOrDefault(i => i >= expected.Length || i >= actual.Length || expected[i] != actual[i], -1);
        Assert.True(first < 0, $"output line {first + 1} differs from Redis's (script {script}, RESP{protocol}):\n" +
            $"Redis:\n{Around(expected, first)}\nAkkaKv:\n{Around(actual, first)}");
    }

    private static async Task<string[]> Run(int port, int protocol, string commands)
    {
        var result = await CommandLineTool.RunAsync(
            "redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), $"-{protocol}", "--no-raw"], commands);
        Assert.True(result.ExitCode == 0, $"redis-cli on port {port} exited {result.ExitCode}: {result.StandardError}");
        return result.StandardOutput.TrimEnd('\n').Split('\n');
    }

    private static string Around(string[] lines, int at) =>
        string.Join("\n", lines.Skip(Math.Max(0, at - 3)).Take(7).Select((line, i) => $"  {Math.Max(0, at - 3) + i + 1,4}: {line}"));
}
