using System.Buffers;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

public class RespReaderArrayTests
{
    [Fact]
    public void A_complete_array_parses_into_its_arguments_and_consumes_exactly_the_frame()
    {
        var frame = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n"u8.ToArray();

        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Null(parsed.Error);
        Assert.Equal(["SET", "k", "value"], parsed.Words);
        Assert.Equal(frame.Length, parsed.Consumed);
    }

    [Fact]
    public void Bulk_strings_are_binary_safe_crlf_zero_bytes_and_invalid_utf8_included()
    {
        byte[] tricky = [(byte)'a', (byte)'\r', (byte)'\n', 0, (byte)'b', 0xff, 0xc3, (byte)'*', (byte)'$', (byte)'\r', (byte)'\n'];
        var frame = Parse.Command("SET"u8.ToArray(), "\r\n"u8.ToArray(), tricky);

        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Equal(3, parsed.Args.Count);
        Assert.Equal("\r\n"u8.ToArray(), parsed.Args[1]);
        Assert.Equal(tricky, parsed.Args[2]);
        Assert.Equal(frame.Length, parsed.Consumed);
    }

    [Fact]
    public void An_empty_bulk_string_is_an_empty_argument()
    {
        var parsed = Parse.One("*2\r\n$3\r\nGET\r\n$0\r\n\r\n");

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Equal(["GET", ""], parsed.Words);
    }

    [Theory]
    // Redis ignores an empty or null multibulk: a complete command of no arguments, which the caller skips.
    [InlineData("*0\r\n")]
    [InlineData("*-1\r\n")]
    public void An_empty_or_null_array_is_a_complete_command_of_no_arguments(string frame)
    {
        var parsed = Parse.One(frame);

        Assert.Equal(ReadStatus.Complete, parsed.Status);
        Assert.Empty(parsed.Args);
        Assert.Equal(frame.Length, parsed.Consumed);
    }

    [Fact]
    public void Several_commands_in_one_buffer_parse_one_after_another_and_a_partial_last_one_stays_unconsumed()
    {
        var first = Parse.Command("SET", "a", "1");
        var second = "PING\r\n"u8.ToArray();
        var third = Parse.Command("GET", "a");
        var partial = Parse.Command("DEL", "a")[..7];
        byte[] buffer = [.. first, .. second, .. third, .. partial];

        var results = Parse.All(new ReadOnlySequence<byte>(buffer));

        Assert.Equal(4, results.Count);
        Assert.Equal(["SET", "a", "1"], results[0].Words);
        Assert.Equal(first.Length, results[0].Consumed);
        Assert.Equal(["PING"], results[1].Words);
        Assert.Equal(second.Length, results[1].Consumed);
        Assert.Equal(["GET", "a"], results[2].Words);
        Assert.Equal(third.Length, results[2].Consumed);
        // Incomplete rewinds to where this command began, not to the start of the buffer.
        Assert.Equal(ReadStatus.Incomplete, results[3].Status);
        Assert.Equal(0, results[3].Consumed);
    }

    [Fact]
    public void One_request_object_serves_many_commands_growing_for_many_and_large_arguments()
    {
        // Past the request's initial room (16 arguments, 4 KiB), then a small command again: nothing of the big one remains.
        var limits = new RespLimits(MaxBulkBytes: 100_000, MaxArguments: 1000);
        var many = Enumerable.Range(0, 40).Select(i => $"arg{i}").ToArray();
        var big = new string('x', 10_000);
        byte[] buffer = [.. Parse.Command(many), .. Parse.Command("SET", "k", big), .. Parse.Command("GET", "k")];

        var results = Parse.All(new ReadOnlySequence<byte>(buffer), limits);

        Assert.Equal(many, results[0].Words);
        Assert.Equal(["SET", "k", big], results[1].Words);
        Assert.Equal(["GET", "k"], results[2].Words);
        Assert.Equal(ReadStatus.Incomplete, results[3].Status);
    }

    [Fact]
    public void Arguments_can_be_read_as_text_words_and_case_insensitive_matches()
    {
        var request = new RespRequest();
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Parse.Command("set"u8.ToArray(), "ké"u8.ToArray(), [0xff, 0xfe], "eX"u8.ToArray())));
        Assert.Equal(ReadStatus.Complete, RespReader.TryRead(ref reader, request, Parse.Limits, out _));

        Assert.Equal("SET", request.Word(0));
        Assert.True(request.Is(0, "SET"));
        Assert.False(request.Is(0, "SETX"));
        Assert.Equal("ké", request.Text(1));
        // Keys and values are text in AkkaKv: bytes that are not UTF-8 have no text form.
        Assert.Null(request.Text(2));
        Assert.True(request.Is(3, "EX"));
        Assert.Equal("EX", request.Word(3));
    }
}
