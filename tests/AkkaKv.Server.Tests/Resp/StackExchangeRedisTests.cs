using System.Collections.Concurrent;
using System.Net;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>StackExchange.Redis, the most used .NET Redis client, against a real node in store mode: it connects
/// cleanly (its handshake sends HELLO, CLIENT SETINFO, CONFIG GET, INFO, ECHO, SUBSCRIBE …), and its string, key,
/// transaction and pipelining APIs get the replies Redis would give.</summary>
public sealed class StackExchangeRedisTests(StoreRespNode node, ITestOutputHelper output) : IClassFixture<StoreRespNode>
{
    /// <summary>Keys of this test only (xunit makes a new instance per test); {Tag} keys share one slot.</summary>
    private readonly string _id = Guid.NewGuid().ToString("N")[..12];

    private string Key(string name) => $"se:{_id}:{name}";

    private string Tagged(string name) => $"{{se:{_id}}}:{name}";

    [Theory]
    [InlineData(RedisProtocol.Resp2)]
    [InlineData(RedisProtocol.Resp3)]
    public async Task Connects_without_errors_and_sees_a_redis_7_master(RedisProtocol protocol)
    {
        await using var client = await RedisClient.ConnectAsync(node.Port, protocol);
        output.WriteLine(client.Log);

        var server = client.Multiplexer.GetServer(IPAddress.Loopback.ToString(), node.Port);
        Assert.True(client.Multiplexer.IsConnected, client.Log);
        Assert.False(server.IsReplica);
        Assert.Equal(ServerType.Standalone, server.ServerType);
        Assert.True(server.Version >= new Version(7, 0), $"version {server.Version}");
        Assert.Equal(protocol, server.Protocol);
        Assert.True(await client.Db.PingAsync() < TimeSpan.FromSeconds(5));
        client.AssertNoErrors();
    }

    [Fact]
    public async Task StringSet_and_StringGet_with_expiry()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        Assert.True(await db.StringSetAsync(Key("plain"), "héllo wörld"));
        Assert.Equal("héllo wörld", await db.StringGetAsync(Key("plain")));
        Assert.Null(await db.KeyTimeToLiveAsync(Key("plain")));

        Assert.True(await db.StringSetAsync(Key("ttl"), "v", TimeSpan.FromSeconds(100)));
        var ttl = await db.KeyTimeToLiveAsync(Key("ttl"));
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(100));

        Assert.True(await db.StringSetAsync(Key("short"), "v", TimeSpan.FromMilliseconds(1500)));
        Assert.Equal("v", await db.StringGetAsync(Key("short")));
        await Task.Delay(2000);
        Assert.True((await db.StringGetAsync(Key("short"))).IsNull);
        Assert.False(await db.KeyExistsAsync(Key("short")));

        Assert.True((await db.StringGetAsync(Key("never-set"))).IsNull);
        client.AssertNoErrors();
    }

    [Fact]
    public async Task StringSet_When_NotExists_and_When_Exists()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        Assert.True(await db.StringSetAsync(Key("nx"), "first", when: When.NotExists));
        Assert.False(await db.StringSetAsync(Key("nx"), "second", when: When.NotExists));
        Assert.Equal("first", await db.StringGetAsync(Key("nx")));

        Assert.False(await db.StringSetAsync(Key("xx"), "v", when: When.Exists));
        Assert.False(await db.KeyExistsAsync(Key("xx")));
        Assert.True(await db.StringSetAsync(Key("nx"), "third", when: When.Exists));
        Assert.Equal("third", await db.StringGetAsync(Key("nx")));
    }

    [Fact]
    public async Task StringIncrement_and_StringDecrement()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        Assert.Equal(1, await db.StringIncrementAsync(Key("n")));
        Assert.Equal(11, await db.StringIncrementAsync(Key("n"), 10));
        Assert.Equal(8, await db.StringDecrementAsync(Key("n"), 3));
        Assert.Equal(7, await db.StringDecrementAsync(Key("n")));
        Assert.Equal(-1, await db.StringDecrementAsync(Key("fresh")));
        Assert.Equal(8.5, await db.StringIncrementAsync(Key("n"), 1.5));
        Assert.Equal("8.5", await db.StringGetAsync(Key("n")));

        await db.StringSetAsync(Key("text"), "abc");
        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.StringIncrementAsync(Key("text")));
        Assert.Equal("ERR value is not an integer or out of range", error.Message);
    }

    [Fact]
    public async Task StringAppend_and_StringGetSet()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        Assert.Equal(5, await db.StringAppendAsync(Key("a"), "hello"));
        Assert.Equal(11, await db.StringAppendAsync(Key("a"), " world"));
        Assert.Equal("hello world", await db.StringGetAsync(Key("a")));

        Assert.True((await db.StringGetSetAsync(Key("gs"), "one")).IsNull);
        Assert.Equal("one", await db.StringGetSetAsync(Key("gs"), "two"));
        Assert.Equal("two", await db.StringGetAsync(Key("gs")));
    }

    [Fact]
    public async Task KeyDelete_and_KeyExists()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        await db.StringSetAsync(Key("d"), "v");
        Assert.True(await db.KeyExistsAsync(Key("d")));
        Assert.True(await db.KeyDeleteAsync(Key("d")));
        Assert.False(await db.KeyExistsAsync(Key("d")));
        Assert.False(await db.KeyDeleteAsync(Key("d")));

        // Several keys in one slot: one DEL; EXISTS counts across slots too (it only reads).
        await db.StringSetAsync(Tagged("x"), "1");
        await db.StringSetAsync(Tagged("y"), "2");
        await db.StringSetAsync(Key("elsewhere"), "3");
        Assert.Equal(3, await db.KeyExistsAsync([Tagged("x"), Tagged("y"), Key("elsewhere"), Key("missing")]));
        Assert.Equal(2, await db.KeyDeleteAsync([Tagged("x"), Tagged("y"), Tagged("z")]));
        Assert.Equal(1, await db.KeyExistsAsync([Tagged("x"), Tagged("y"), Key("elsewhere")]));
    }

    [Fact]
    public async Task KeyExpire_KeyTimeToLive_and_KeyPersist()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        await db.StringSetAsync(Key("e"), "v");
        Assert.Null(await db.KeyTimeToLiveAsync(Key("e")));
        Assert.True(await db.KeyExpireAsync(Key("e"), TimeSpan.FromSeconds(50)));
        Assert.InRange((await db.KeyTimeToLiveAsync(Key("e")))!.Value, TimeSpan.FromSeconds(45), TimeSpan.FromSeconds(50));
        Assert.True(await db.KeyExpireAsync(Key("e"), DateTime.UtcNow.AddHours(1)));
        Assert.InRange((await db.KeyTimeToLiveAsync(Key("e")))!.Value, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(60));
        Assert.True(await db.KeyPersistAsync(Key("e")));
        Assert.Null(await db.KeyTimeToLiveAsync(Key("e")));

        Assert.False(await db.KeyExpireAsync(Key("missing"), TimeSpan.FromSeconds(50)));
        Assert.Null(await db.KeyTimeToLiveAsync(Key("missing")));

        // A time in the past deletes the key, as in Redis.
        Assert.True(await db.KeyExpireAsync(Key("e"), TimeSpan.FromSeconds(-1)));
        Assert.False(await db.KeyExistsAsync(Key("e")));
    }

    [Fact]
    public async Task KeyRename_within_a_slot()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        await db.StringSetAsync(Tagged("old"), "v", TimeSpan.FromSeconds(100));
        Assert.True(await db.KeyRenameAsync(Tagged("old"), Tagged("new")));
        Assert.False(await db.KeyExistsAsync(Tagged("old")));
        Assert.Equal("v", await db.StringGetAsync(Tagged("new")));
        Assert.NotNull(await db.KeyTimeToLiveAsync(Tagged("new")));

        await db.StringSetAsync(Tagged("other"), "o");
        Assert.False(await db.KeyRenameAsync(Tagged("new"), Tagged("other"), When.NotExists));
        Assert.Equal("o", await db.StringGetAsync(Tagged("other")));

        var error = await Assert.ThrowsAsync<RedisServerException>(() => db.KeyRenameAsync(Tagged("missing"), Tagged("x")));
        Assert.Equal("ERR no such key", error.Message);
    }

    [Fact]
    public async Task Multi_key_StringGet_and_StringSet_with_hash_tags()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        Assert.True(await db.StringSetAsync([new(Tagged("a"), "1"), new(Tagged("b"), "2")]));
        var values = await db.StringGetAsync([Tagged("a"), Tagged("missing"), Tagged("b")]);
        Assert.Equal(["1", RedisValue.Null, "2"], values);

        Assert.False(await db.StringSetAsync([new(Tagged("a"), "x"), new(Tagged("c"), "3")], When.NotExists));
        Assert.Equal("1", await db.StringGetAsync(Tagged("a")));
        Assert.False(await db.KeyExistsAsync(Tagged("c")));
        Assert.True(await db.StringSetAsync([new(Tagged("c"), "3"), new(Tagged("d"), "4")], When.NotExists));

        // MGET reads across slots (it only reads); each key answers.
        await db.StringSetAsync(Key("loose"), "L");
        Assert.Equal(["1", "L", RedisValue.Null], await db.StringGetAsync([Tagged("a"), Key("loose"), Key("none")]));
    }

    [Fact]
    public async Task A_transaction_whose_condition_holds_commits_and_one_whose_condition_fails_does_not()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;
        var balance = Tagged("balance");
        var audit = Tagged("audit");
        await db.StringSetAsync(balance, "10");

        var commit = db.CreateTransaction();
        commit.AddCondition(Condition.StringEqual(balance, "10"));
        commit.AddCondition(Condition.KeyNotExists(audit));
        var decremented = commit.StringDecrementAsync(balance, 3);
        var logged = commit.StringSetAsync(audit, "withdrew 3");
        Assert.True(await commit.ExecuteAsync());
        Assert.Equal(7, await decremented);
        Assert.True(await logged);
        Assert.Equal("7", await db.StringGetAsync(balance));
        Assert.Equal("withdrew 3", await db.StringGetAsync(audit));

        var stale = db.CreateTransaction();
        stale.AddCondition(Condition.StringEqual(balance, "10"));
        var notRun = stale.StringDecrementAsync(balance, 3);
        var notLogged = stale.StringSetAsync(audit, "withdrew 3 again");
        Assert.False(await stale.ExecuteAsync());
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => notRun);
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => notLogged);
        Assert.Equal("7", await db.StringGetAsync(balance));
        Assert.Equal("withdrew 3", await db.StringGetAsync(audit));
        client.AssertNoErrors();
    }

    [Fact]
    public async Task A_batch_of_1000_commands_gets_its_replies_in_order()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;

        var batch = db.CreateBatch();
        var increments = Enumerable.Range(0, 1000).Select(_ => batch.StringIncrementAsync(Key("counter"))).ToArray();
        batch.Execute();
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (long)i), await Task.WhenAll(increments));

        // Writes and reads interleaved in one pipeline: every GET sees the SET just before it.
        var writes = new List<Task<bool>>();
        var reads = new List<Task<RedisValue>>();
        var pipeline = db.CreateBatch();
        for (var i = 0; i < 500; i++)
        {
            writes.Add(pipeline.StringSetAsync(Key($"p{i % 7}"), $"v{i}"));
            reads.Add(pipeline.StringGetAsync(Key($"p{i % 7}")));
        }

        pipeline.Execute();
        Assert.All(await Task.WhenAll(writes), Assert.True);
        Assert.Equal(Enumerable.Range(0, 500).Select(i => (RedisValue)$"v{i}"), await Task.WhenAll(reads));
        client.AssertNoErrors();
    }

    [Fact]
    public async Task Multi_key_writes_across_slots_get_CROSSSLOT()
    {
        await using var client = await RedisClient.ConnectAsync(node.Port);
        var db = client.Db;
        // Fixed hash tags, so the two keys are in different slots on every run (only the tag is hashed).
        RedisKey first = $"{{a}}se:{_id}", second = $"{{b}}se:{_id}";
        await db.StringSetAsync(first, "1");

        const string crossSlot = "CROSSSLOT Keys in request don't hash to the same slot";
        Assert.Equal(crossSlot, (await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync([new(first, "x"), new(second, "y")]))).Message);
        Assert.Equal(crossSlot, (await Assert.ThrowsAsync<RedisServerException>(() => db.KeyDeleteAsync([first, second]))).Message);
        Assert.Equal(crossSlot, (await Assert.ThrowsAsync<RedisServerException>(() => db.KeyRenameAsync(first, second))).Message);

        // Nothing of the refused commands happened.
        Assert.Equal("1", await db.StringGetAsync(first));
        Assert.False(await db.KeyExistsAsync(second));
    }

    /// <summary>A connection with everything the client reports collected, so a test can assert there was nothing.</summary>
    [Fact]
    public async Task A_store_node_takes_only_noeviction_since_it_journals_every_key()
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{node.Port},allowAdmin=true");
        var db = admin.GetDatabase();

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => db.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-lru"));
        Assert.StartsWith("ERR CONFIG SET failed", refused.Message, StringComparison.Ordinal);
        Assert.Equal("OK", (string?)await db.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "noeviction"));
        var policy = (RedisResult[])(await db.ExecuteAsync("CONFIG", "GET", "maxmemory-policy"))!;
        Assert.Equal("noeviction", (string?)policy[1]);
    }

    private sealed class RedisClient : IAsyncDisposable
    {
        private readonly StringWriter _log;
        private readonly ConcurrentQueue<string> _errors = new();

        private RedisClient(ConnectionMultiplexer multiplexer, StringWriter log)
        {
            Multiplexer = multiplexer;
            _log = log;
            multiplexer.ErrorMessage += (_, e) => _errors.Enqueue($"error message from {e.EndPoint}: {e.Message}");
            multiplexer.InternalError += (_, e) => _errors.Enqueue($"internal error ({e.Origin}): {e.Exception}");
            multiplexer.ConnectionFailed += (_, e) => _errors.Enqueue($"connection failed ({e.ConnectionType}, {e.FailureType}): {e.Exception}");
        }

        public ConnectionMultiplexer Multiplexer { get; }

        public IDatabase Db => Multiplexer.GetDatabase();

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public static async Task<RedisClient> ConnectAsync(int port, RedisProtocol protocol = RedisProtocol.Resp2)
        {
            var options = new ConfigurationOptions
            {
                EndPoints = { new IPEndPoint(IPAddress.Loopback, port) },
                Protocol = protocol,
                AbortOnConnectFail = true,
                ConnectTimeout = 10_000,
                AsyncTimeout = 10_000,
                SyncTimeout = 10_000,
            };
            var log = new StringWriter();
            var multiplexer = await ConnectionMultiplexer.ConnectAsync(options, TextWriter.Synchronized(log));
            return new RedisClient(multiplexer, log);
        }

        public void AssertNoErrors()
        {
            Assert.True(_errors.IsEmpty, $"{string.Join('\n', _errors)}\n--- connection log ---\n{Log}");
            var suspicious = Log.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)
                || l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("unknown", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(suspicious.Count == 0, $"the connection log reports problems:\n{string.Join('\n', suspicious)}\n--- connection log ---\n{Log}");
        }

        public async ValueTask DisposeAsync() => await Multiplexer.DisposeAsync();
    }
}
