using System.Buffers;
using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>TCP delivers a command in arbitrary pieces: every cut must read as "not yet" without consuming anything,
/// and the whole, however segmented, must read as the same command.</summary>
public class RespReaderSplitTests
{
    public static TheoryData<string, byte[]> Frames => new()
    {
        { "array", Parse.Command("SET", "key", "value") },
        { "binary array", Parse.Command("SET"u8.ToArray(), "k\r\n"u8.ToArray(), [0, (byte)'\r', (byte)'\n', 0xff, (byte)'\r']) },
        { "empty argument", Parse.Command("GET", "") },
        { "inline", "SET a \"b c\"\r\n"u8.ToArray() },
        { "inline, bare newline", "PING\n"u8.ToArray() },
        { "two commands", [.. Parse.Command("INCR", "n"), .. Parse.Command("GET", "n")] },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void A_frame_cut_at_every_offset_is_incomplete_then_whole_across_the_cut_gives_the_same_commands(string name, byte[] frame)
    {
        var whole = Parse.All(new ReadOnlySequence<byte>(frame));
        Assert.True(whole[^1] is { Status: ReadStatus.Incomplete, Consumed: 0 }, $"{name}: {whole[^1]}");

        for (var cut = 0; cut < frame.Length; cut++)
        {
            // What has arrived so far: the commands wholly in it, then "not yet" for the cut one, consuming none of it.
            var sofar = Parse.All(new ReadOnlySequence<byte>(frame[..cut]));
            var done = sofar.Count - 1;
            Assert.True(sofar[done] is { Status: ReadStatus.Incomplete, Consumed: 0 }, $"{name}, first {cut} bytes: {sofar[done]}");
            Assert.True(done < whole.Count - 1 && Same(whole[..done], sofar[..done]), $"{name}, first {cut} bytes");

            // The same bytes once the rest arrived, as two segments cut at that offset.
            var joined = Parse.All(Segments.Split(frame, cut));
            Assert.True(Same(whole, joined), $"{name}, cut at {cut}: {string.Join("; ", joined)}");
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void A_frame_spread_over_one_byte_segments_gives_the_same_commands(string name, byte[] frame)
    {
        var whole = Parse.All(new ReadOnlySequence<byte>(frame));

        var scattered = Parse.All(Segments.ByteByByte(frame));

        Assert.True(Same(whole, scattered), name);
    }

    [Fact]
    public void A_pipeline_cut_into_random_segments_gives_the_same_commands()
    {
        var random = new Random(1234);
        var pipeline = Enumerable.Range(0, 20)
            .SelectMany(i => i % 3 == 0 ? Encoding.ASCII.GetBytes($"SET k{i} '{i}'\r\n") : Parse.Command("SET", $"k{i}", new string('v', i * 3)))
            .ToArray();
        var whole = Parse.All(new ReadOnlySequence<byte>(pipeline));
        Assert.Equal(21, whole.Count);

        for (var round = 0; round < 200; round++)
        {
            Assert.True(Same(whole, Parse.All(Segments.Random(pipeline, random))), $"round {round}");
        }
    }

    [Fact]
    public void A_bulk_length_header_cut_before_its_newline_waits_for_more()
    {
        // The CRLF itself split across segments: "\r" at the end of one, "\n" at the start of the next.
        var frame = Parse.Command("GET", "key");
        var crlf = Array.IndexOf(frame, (byte)'\r', 8);

        Assert.Equal(ReadStatus.Incomplete, Parse.One(frame[..(crlf + 1)]).Status);
        Assert.Equal(["GET", "key"], Parse.One(Segments.Split(frame, crlf + 1)).Words);
    }

    private static bool Same(List<Parsed> expected, List<Parsed> actual) =>
        expected.Count == actual.Count && expected.Zip(actual).All(p => p.First.SameAs(p.Second));
}
