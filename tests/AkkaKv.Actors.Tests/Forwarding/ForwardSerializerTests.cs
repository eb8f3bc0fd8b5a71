using System.Runtime.Serialization;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Serialization;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Tests.Forwarding;

public sealed class ForwardSerializerTests(KvMessageSerializerTests.Node node) : IClassFixture<KvMessageSerializerTests.Node>
{
    [Fact]
    public void A_batch_of_commands_round_trips_through_the_serializer_akka_picks()
    {
        var batch = new ForwardBatch(
        [
            new Forwarded(1, new GetKey(3, "k")),
            new Forwarded(long.MaxValue, new PutKey(1023, "välue ✓", "v", ExpectedVersion: 0, ExpiresAtMs: 1_800_000_000_000)),
            new Forwarded(7, new WithConsistency(new DeleteKey(4, "/_sys/b", 2), AkkaKv.Replication.WriteConsistency.All)),
            new Forwarded(8, new RunOps(8, [new SetOp("a", "1", ExpiryChange.Clear), new GetOp("a")])),
        ]);

        var back = (ForwardBatch)RoundTrip(batch);

        Assert.Equal(batch.Items.Select(i => i.Id), back.Items.Select(i => i.Id));
        Assert.Equal(batch.Items[0].Command, back.Items[0].Command);
        Assert.Equal(batch.Items[1].Command, back.Items[1].Command);
        Assert.Equal(batch.Items[2].Command, back.Items[2].Command);
        var ops = Assert.IsType<RunOps>(back.Items[3].Command);
        Assert.Equal(((RunOps)batch.Items[3].Command).Ops, ops.Ops);
    }

    [Fact]
    public void Replies_round_trip_and_not_here_stays_distinct_from_an_empty_answer()
    {
        var entry = new KvEntry("k", "v ✓", 3, 42, null);
        var replies = new ForwardReplies(
        [
            new ForwardedReply(1, new GetReply(entry)),
            new ForwardedReply(2, new GetReply(null)),
            new ForwardedReply(3, null),
            new ForwardedReply(4, new WriteOk("k", entry, 42)),
            new ForwardedReply(5, new OpsDone([OpResult.Value("x"), OpResult.Nil])),
        ]);

        var back = (ForwardReplies)RoundTrip(replies);

        Assert.Equal([1L, 2, 3, 4, 5], back.Items.Select(i => i.Id));
        Assert.Equal(new GetReply(entry), back.Items[0].Reply);
        Assert.Equal(new GetReply(null), back.Items[1].Reply);
        Assert.Null(back.Items[2].Reply);
        Assert.Equal(new WriteOk("k", entry, 42), back.Items[3].Reply);
        Assert.Equal(((OpsDone)replies.Items[4].Reply!).Results, Assert.IsType<OpsDone>(back.Items[4].Reply).Results);
    }

    [Fact]
    public void A_slot_list_round_trips()
    {
        var back = (SlotsHere)RoundTrip(new SlotsHere([0, 5, 1023, 16383]));

        Assert.Equal([0, 5, 1023, 16383], back.Slots);
        Assert.Equal(0, back.ChannelPort);
    }

    [Fact]
    public void A_slot_list_with_a_channel_port_round_trips_and_one_without_keeps_the_first_format()
    {
        var serializer = new ForwardSerializer((Akka.Actor.ExtendedActorSystem)node.System);

        var back = (SlotsHere)RoundTrip(new SlotsHere([3, 7], 45123));

        Assert.Equal([3, 7], back.Slots);
        Assert.Equal(45123, back.ChannelPort);
        Assert.Equal("SH2", serializer.Manifest(new SlotsHere([3], 45123)));
        // Nodes of the version before the channel read SH1 only: a node without a channel still sends it.
        Assert.Equal("SH1", serializer.Manifest(new SlotsHere([3])));
    }

    [Fact]
    public void Truncated_or_padded_bytes_fail_as_serialization_errors()
    {
        var serializer = new ForwardSerializer((Akka.Actor.ExtendedActorSystem)node.System);
        var batch = new ForwardBatch([new Forwarded(1, new PutKey(1, "k", "value", null, null))]);
        var bytes = serializer.ToBinary(batch);
        var manifest = serializer.Manifest(batch);

        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes[..^2], manifest));
        Assert.Throws<SerializationException>(() => serializer.FromBinary([.. bytes, 0], manifest));
        Assert.Throws<SerializationException>(() => serializer.FromBinary(bytes, "XX9"));
    }

    private object RoundTrip(object message)
    {
        var serialization = node.System.Serialization;
        var serializer = serialization.FindSerializerFor(message);
        Assert.IsType<ForwardSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        return serialization.Deserialize(bytes, serializer.Identifier, Akka.Serialization.Serialization.ManifestFor(serializer, message));
    }
}
