using System.Buffers;
using System.Text;
using AkkaKv.Ops;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

public class RespWriterTests
{
    private readonly ArrayBufferWriter<byte> _output = new();

    private RespWriter Writer(int protocol = 2) => new(_output) { Protocol = protocol };

    private string Written => Encoding.UTF8.GetString(_output.WrittenSpan);

    [Fact]
    public void Simple_replies_numbers_and_ok_are_one_line_each()
    {
        var writer = Writer();

        writer.Ok();
        writer.Simple("PONG");
        writer.Number(0);
        writer.Number(-42);
        writer.Number(long.MinValue);
        writer.Number(long.MaxValue);

        Assert.Equal("+OK\r\n+PONG\r\n:0\r\n:-42\r\n:-9223372036854775808\r\n:9223372036854775807\r\n", Written);
    }

    [Fact]
    public void A_bulk_string_of_text_declares_its_length_in_utf8_bytes_not_characters()
    {
        var writer = Writer();

        writer.Bulk("héllo €");
        writer.Bulk(string.Empty);

        Assert.Equal("$10\r\nhéllo €\r\n$0\r\n\r\n", Written);
    }

    [Fact]
    public void A_bulk_string_of_bytes_is_written_verbatim_whatever_the_bytes()
    {
        byte[] raw = [0, (byte)'\r', (byte)'\n', 0xff, 0xc3];

        Writer().Bulk(raw);

        Assert.Equal([.. "$5\r\n"u8.ToArray(), .. raw, .. "\r\n"u8.ToArray()], _output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_large_bulk_string_is_written_whole()
    {
        var big = new string('é', 100_000);

        Writer().Bulk(big);

        Assert.Equal("$200000\r\n" + big + "\r\n", Written);
    }

    [Fact]
    public void An_error_with_line_breaks_inside_is_flattened_to_one_line()
    {
        // A raw newline would end the error early and the rest would be read as the next reply.
        Writer().Error("ERR bad\nthing\r\nhere");

        Assert.Equal("-ERR bad thing  here\r\n", Written);
    }

    [Fact]
    public void An_error_keeps_utf8_text()
    {
        Writer().Error("ERR clé absente");

        Assert.Equal("-ERR clé absente\r\n", Written);
    }

    [Theory]
    [InlineData(2, "$-1\r\n", "*-1\r\n")]
    [InlineData(3, "_\r\n", "_\r\n")]
    public void Nulls_are_resp2_null_bulk_and_null_array_or_the_resp3_null(int protocol, string nullReply, string nullArray)
    {
        var writer = Writer(protocol);

        writer.Null();
        writer.NullArray();

        Assert.Equal(nullReply + nullArray, Written);
    }

    [Theory]
    [InlineData(2, "*4\r\n")]
    [InlineData(3, "%2\r\n")]
    public void A_map_is_a_resp3_map_or_a_flat_resp2_array_of_keys_and_values(int protocol, string header)
    {
        var writer = Writer(protocol);

        writer.Map(2);
        writer.Bulk("a");
        writer.Number(1);
        writer.Bulk("b");
        writer.Number(2);

        Assert.Equal(header + "$1\r\na\r\n:1\r\n$1\r\nb\r\n:2\r\n", Written);
    }

    [Theory]
    [InlineData(2, "*3\r\n")]
    [InlineData(3, "~3\r\n")]
    public void A_set_is_a_resp3_set_or_a_resp2_array(int protocol, string header)
    {
        Writer(protocol).Set(3);

        Assert.Equal(header, Written);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void An_array_header_is_the_same_in_both_protocols(int protocol)
    {
        var writer = Writer(protocol);

        writer.Array(0);
        writer.Array(2);

        Assert.Equal("*0\r\n*2\r\n", Written);
    }

    [Fact]
    public void Verbatim_text_is_a_resp3_verbatim_string_counting_the_txt_prefix_and_utf8_bytes()
    {
        Writer(3).Verbatim("a\r\né");

        Assert.Equal("=9\r\ntxt:a\r\né\r\n", Written);
    }

    [Fact]
    public void Verbatim_text_is_a_plain_bulk_string_in_resp2()
    {
        Writer(2).Verbatim("a\r\né");

        Assert.Equal("$5\r\na\r\né\r\n", Written);
    }

    [Fact]
    public void The_protocol_version_decides_resp3()
    {
        Assert.False(Writer(2).IsResp3);
        Assert.True(Writer(3).IsResp3);
    }

    public static TheoryData<string, OpResult, int, string> Results => new()
    {
        { "ok", OpResult.Ok, 2, "+OK\r\n" },
        { "nil", OpResult.Nil, 2, "$-1\r\n" },
        { "nil", OpResult.Nil, 3, "_\r\n" },
        { "number", OpResult.Of(-7), 2, ":-7\r\n" },
        { "text", OpResult.Value("ünï"), 2, "$5\r\nünï\r\n" },
        { "empty text", OpResult.Value(string.Empty), 3, "$0\r\n\r\n" },
        { "bytes", OpResult.Raw([0x41, 0x00, 0x42]), 2, "$3\r\nA\0B\r\n" },
        { "status", OpResult.Status("string"), 2, "+string\r\n" },
        { "error", OpResult.Error(OpErrors.NoSuchKey), 2, "-ERR no such key\r\n" },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void An_op_result_is_written_as_redis_replies_it(string kind, OpResult result, int protocol, string expected)
    {
        Writer(protocol).Result(result);

        Assert.True(expected == Written, $"{kind}: {Written}");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_come_out_unchanged()
    {
        // GETRANGE may cut a character in two: the client gets exactly those bytes, not a replacement character.
        Writer().Result(OpResult.Raw([0xc3]));

        Assert.Equal([.. "$1\r\n"u8.ToArray(), 0xc3, .. "\r\n"u8.ToArray()], _output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Every_op_result_kind_has_a_reply()
    {
        // A kind added later must get its own case: the fallback writes an error, which would be a silent wrong reply.
        var samples = new Dictionary<OpResultKind, OpResult>
        {
            [OpResultKind.Ok] = OpResult.Ok,
            [OpResultKind.Nil] = OpResult.Nil,
            [OpResultKind.Number] = OpResult.One,
            [OpResultKind.Text] = OpResult.Value("v"),
            [OpResultKind.Bytes] = OpResult.Raw([1]),
            [OpResultKind.Status] = OpResult.Status("none"),
            [OpResultKind.Error] = OpResult.Error("ERR x"),
        };

        foreach (var kind in Enum.GetValues<OpResultKind>())
        {
            Assert.True(samples.TryGetValue(kind, out var sample), $"no sample for {kind}");
            _output.Clear();
            Writer().Result(sample);
            Assert.Equal(kind == OpResultKind.Error, _output.WrittenSpan[0] == (byte)'-');
        }
    }
}
