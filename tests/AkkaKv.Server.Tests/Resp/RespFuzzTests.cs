using System.Globalization;
using System.Net.Sockets;
using System.Text;
using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>A running store-mode node, over real sockets, gets random, truncated and mutated RESP from many connections
/// at once, some cut mid-frame, some reset, some never read: it keeps answering a well-behaved client throughout, the keys
/// written before the fuzzing keep their exact values, and what the fuzzing left in the keyspace is exactly what the
/// node still holds after a SIGKILL and a restart on the same journal (nothing half-written, nothing lost, a journal
/// that recovers). Seeded, so a failure reproduces. The parser alone is fuzzed far harder in RespReaderFuzzTests; this
/// is the whole node, the connection handling and the journal included.</summary>
public sealed class RespFuzzTests : IDisposable
{
    private const int Seed = 20_261_129;
    private const int Connections = 320;
    private const int Parallel = 8;
    private const int KeptKeys = 100;

    // The fuzzing's keys; the kept keys ("keep:…") never appear in what it sends, and neither do commands that could
    // reach them (no FLUSH*, RENAME, KEYS-driven deletes) or expiries (so the keyspace is the same before and after the
    // restart).
    private static readonly string[] PlainKeys = [.. Enumerable.Range(0, 48).Select(i => $"fz:{i}")];
    private static readonly string[] CounterKeys = [.. Enumerable.Range(0, 8).Select(i => $"fz:n{i}")];
    private static readonly string[] TaggedKeys = [.. Enumerable.Range(0, 12).Select(i => $"{{fz}}{i}")]; // one slot, for MSET
    private static readonly string[] FuzzKeys = [.. PlainKeys, .. CounterKeys, .. TaggedKeys];

    // Bytes that steer the parser into its branches more often than uniform noise would; no letters that could spell a
    // command name.
    private static readonly byte[] Noise = "*$\r\n\r\n0123456789-:+ \t\"'\\xaZ"u8.ToArray();

    private static readonly string[] NoTtl = [":-1\r\n", ":-2\r\n"]; // TTL of a key without one, or of no key

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Random_and_truncated_frames_never_crash_the_node_or_corrupt_stored_data()
    {
        Dictionary<string, string> fuzzed;
        long keys;
        await using (var node = await ServerProcess.StartAsync(_dir.Path))
        {
            await using var client = await RawRespClient.ConnectAsync(node.RespPort);
            for (var i = 0; i < KeptKeys; i++)
            {
                Assert.Equal("+OK\r\n", await client.CommandAsync("SET", $"keep:{i}", KeptValue(i)));
            }

            using var stop = new CancellationTokenSource();
            var watchdog = PingUntilAsync(node.RespPort, stop.Token);
            var random = new Random(Seed);
            var plans = Enumerable.Range(0, Connections).Select(_ => new Random(random.Next())).ToArray();
            await Task.WhenAll(Enumerable.Range(0, Parallel).Select(lane => Task.Run(async () =>
            {
                for (var c = lane; c < Connections; c += Parallel)
                {
                    await FuzzOneConnectionAsync(node.RespPort, plans[c]);
                }
            })));
            await stop.CancelAsync();
            var (pongs, failures) = await watchdog;
            Assert.False(node.HasExited, "the node exited while being fuzzed:\n" + node.Output);
            Assert.Empty(failures);
            Assert.True(pongs >= 5, $"the watchdog got only {pongs} PONGs: it did not run alongside the fuzzing");

            await Task.Delay(500); // whatever the cut connections' last commands still do, they have done now
            await using var check = await RawRespClient.ConnectAsync(node.RespPort);
            await AssertKeptKeysAsync(check);
            fuzzed = await SnapshotAsync(check);
            Assert.True(fuzzed.Values.Count(v => v != "$-1\r\n") >= 10, "the fuzzing wrote almost nothing: it tested nothing");
            keys = await DbSizeAsync(check);
            node.Kill();
        }

        await using (var restarted = await ServerProcess.StartAsync(_dir.Path))
        {
            await using var check = await RawRespClient.ConnectAsync(restarted.RespPort);
            await AssertKeptKeysAsync(check);
            Assert.Equal(fuzzed, await SnapshotAsync(check));
            Assert.Equal(keys, await DbSizeAsync(check));
        }
    }

    /// <summary>One connection: a few pieces of RESP (whole commands, cut ones, mutated ones, noise), sent in one or more
    /// writes, then a reset, a plain close, or reading until the node closes or goes quiet.</summary>
    private static async Task FuzzOneConnectionAsync(int port, Random random)
    {
        var payload = new List<byte>();
        for (var pieces = random.Next(1, 7); pieces > 0; pieces--)
        {
            payload.AddRange(Piece(random));
        }

        var bytes = payload.ToArray();
        await using var client = await RawRespClient.ConnectAsync(port);
        try
        {
            var sent = 0;
            while (sent < bytes.Length)
            {
                var chunk = random.Next(3) == 0 ? random.Next(1, bytes.Length - sent + 1) : bytes.Length - sent;
                await client.SendAsync(bytes[sent..(sent + chunk)]);
                sent += chunk;
                if (sent < bytes.Length && random.Next(2) == 0)
                {
                    await Task.Delay(random.Next(1, 5));
                }
            }

            switch (random.Next(3))
            {
                case 0:
                    client.Socket.LingerState = new LingerOption(true, 0); // closing now sends a reset
                    break;
                case 1:
                    break; // a plain close, replies unread
                default:
                    await client.DrainUntilClosedAsync(TimeSpan.FromMilliseconds(200));
                    break;
            }
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // The node closed the connection on a protocol error while bytes were still being sent: as it should.
        }
    }

    private static byte[] Piece(Random random)
    {
        var frame = Command(random);
        switch (random.Next(5))
        {
            case 0:
                return frame;
            case 1:
                return frame[..random.Next(frame.Length)]; // cut short
            case 2:
                return Mutate(frame, random);
            case 3:
                return [.. Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(4) == 0 ? (byte)random.Next(256) : Noise[random.Next(Noise.Length)])];
            default:
                // A header promising far more than follows: a huge count or bulk length, then a few bytes.
                return Encoding.ASCII.GetBytes(random.Next(2) == 0 ? $"*{random.Next(1, int.MaxValue)}\r\n$3\r\nSET\r\n" : $"*2\r\n$3\r\nGET\r\n${random.Next(1, int.MaxValue)}\r\nab");
        }
    }

    private static byte[] Command(Random random)
    {
        var key = PlainKeys[random.Next(PlainKeys.Length)];
        var counter = CounterKeys[random.Next(CounterKeys.Length)];
        var tagged = TaggedKeys[random.Next(TaggedKeys.Length)];
        string[] args = random.Next(14) switch
        {
            0 or 1 => ["SET", key, Value(random)],
            2 => ["GET", key],
            3 => ["INCRBY", counter, random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture)],
            4 => ["APPEND", key, Value(random)],
            5 => ["DEL", key],
            6 => ["MSET", tagged, Value(random), TaggedKeys[random.Next(TaggedKeys.Length)], Value(random)],
            7 => ["SETRANGE", key, random.Next(0, 30).ToString(CultureInfo.InvariantCulture), Value(random)],
            8 => ["GETDEL", key],
            9 => ["SETNX", key, Value(random)],
            10 => ["MULTI"],
            11 => ["EXEC"],
            12 => ["GETSET", tagged, Value(random)],
            _ => ["SET", key, Value(random), "GET"],
        };
        return random.Next(6) == 0
            ? Encoding.UTF8.GetBytes(string.Join(' ', args) + "\r\n") // as an inline command
            : RawRespClient.Encode(args);
    }

    private static string Value(Random random)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyz0123456789 éß日本";
        return new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => Letters[random.Next(Letters.Length)])]);
    }

    private static byte[] Mutate(byte[] frame, Random random)
    {
        var bytes = frame.ToList();
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = random.Next(2) == 0 ? (byte)random.Next(256) : Noise[random.Next(Noise.Length)];
                    break;
                case 1:
                    bytes.RemoveAt(at);
                    break;
                default:
                    bytes.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
            }
        }

        return [.. bytes];
    }

    private static string KeptValue(int i) => $"kept value {i} " + new string((char)('a' + (i % 26)), i);

    private static async Task AssertKeptKeysAsync(RawRespClient client)
    {
        for (var i = 0; i < KeptKeys; i++)
        {
            var value = KeptValue(i);
            Assert.Equal($"${Encoding.UTF8.GetByteCount(value)}\r\n{value}\r\n", await client.CommandAsync("GET", $"keep:{i}"));
        }
    }

    /// <summary>Every key the fuzzing could have written, as the node answers GET for it; none may carry a TTL.</summary>
    private static async Task<Dictionary<string, string>> SnapshotAsync(RawRespClient client)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var key in FuzzKeys)
        {
            snapshot[key] = await client.CommandAsync("GET", key);
            Assert.Contains(await client.CommandAsync("TTL", key), NoTtl);
        }

        return snapshot;
    }

    private static async Task<long> DbSizeAsync(RawRespClient client) =>
        long.Parse((await client.CommandAsync("DBSIZE"))[1..^2], CultureInfo.InvariantCulture);

    /// <summary>A well-behaved client beside the fuzzing: a PING every 50 ms must be answered within 5 s.</summary>
    private static async Task<(int Pongs, List<string> Failures)> PingUntilAsync(int port, CancellationToken stop)
    {
        var failures = new List<string>();
        var pongs = 0;
        await using var client = await RawRespClient.ConnectAsync(port);
        while (!stop.IsCancellationRequested)
        {
            await client.SendAsync(RawRespClient.Encode("PING"));
            var reply = await client.ReadReplyAsync(TimeSpan.FromSeconds(5));
            if (reply == "+PONG\r\n")
            {
                pongs++;
            }
            else
            {
                failures.Add(reply);
            }

            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (pongs, failures);
    }
}
