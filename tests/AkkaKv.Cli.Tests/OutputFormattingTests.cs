using System.Text.Json;
using AkkaKv.Cli.Commands;
using AkkaKv.Cli.Output;
using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

/// <summary>The small pieces of output logic: flattening, key paths, TTLs, the count and event lines.</summary>
public class OutputFormattingTests
{
    [Fact]
    public void Stats_flatten_to_dotted_names()
    {
        using var doc = JsonDocument.Parse(ProtocolSamples.Stats);
        var lines = Flattened.Lines(doc.RootElement).Select(l => $"{l.Name}: {l.Value}").ToList();
        Assert.Equal(
        [
            $"address: {ProtocolSamples.Node1}", "mode: Store", "uptimeSeconds: 123.4", "keys: 1000", "localSlots: 512",
            "resp.connectedClients: 3", "resp.totalConnections: 10", "resp.totalCommands: 12345",
            "memory.managedHeapBytes: 123456", "memory.workingSetBytes: 234567", "memory.gcCollections: [10, 2, 1]",
        ], lines);
    }

    [Theory]
    [InlineData("greeting", "greeting")]
    [InlineData("user/1", "user/1")]
    [InlineData("a b/c?d#e", "a%20b/c%3Fd%23e")]
    [InlineData("order:{42}:items", "order%3A%7B42%7D%3Aitems")]
    [InlineData("100%", "100%25")]
    [InlineData("a/../b", "a/%2E%2E/b")]
    [InlineData("./x", "%2E/x")]
    public void Keys_are_encoded_per_segment(string key, string path) => Assert.Equal(path, KeyPath.Encode(key));

    [Fact]
    public void Ttl_follows_redis()
    {
        var now = new DateTimeOffset(2026, 11, 26, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(-1, KvCommands.Ttl(null, now));
        Assert.Equal(60, KvCommands.Ttl("2026-11-26T17:01:00+00:00", now));
        Assert.Equal(2, KvCommands.Ttl("2026-11-26T17:00:01.6+00:00", now));
        Assert.Equal(0, KvCommands.Ttl("2026-11-26T16:59:59+00:00", now));
    }

    [Fact]
    public void The_count_line_sums_statuses_in_lifecycle_order_and_unreachables()
    {
        using var doc = JsonDocument.Parse(ProtocolSamples.ClusterWithTrouble);
        var members = doc.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal("Count: 2 members (1 Up, 1 Leaving; 1 unreachable)", ClusterCommands.CountLine(members));
        Assert.Equal("Count: 0 members", ClusterCommands.CountLine([]));
    }

    [Fact]
    public void An_event_line_has_time_event_address_and_status()
    {
        Assert.Equal(
            $"2026-11-26T17:00:01.123+00:00 MemberUp          {ProtocolSamples.Node1} Up",
            ClusterCommands.EventLine(ProtocolSamples.Event("MemberUp", ProtocolSamples.Node1, "Up", snapshot: false)));
        Assert.Equal(
            "2026-11-26T17:00:01.123+00:00 LeaderChanged     - - (snapshot)",
            ClusterCommands.EventLine(ProtocolSamples.Event("LeaderChanged", null, null, snapshot: true)));
        Assert.Equal("not json", ClusterCommands.EventLine("not json"));
    }

    [Fact]
    public void Request_bodies_leave_out_absent_properties()
    {
        Assert.Equal("{}", JsonBody.Of(("address", null)));
        Assert.Equal("""{"address":"a\"b"}""", JsonBody.Of(("address", "a\"b")));
    }
}
