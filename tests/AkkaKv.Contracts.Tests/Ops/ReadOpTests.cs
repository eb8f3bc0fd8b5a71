using System.Text;
using AkkaKv.Ops;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class ReadOpTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Get_replies_the_value_or_nil_for_missing_and_expired_keys()
    {
        _slot.Seed("k", "v");
        _slot.Seed("t", "v", Now + 10);

        Assert.Equal(OpResult.Value("v"), _slot.Read(new GetOp("k")));
        Assert.Equal(OpResult.Nil, _slot.Read(new GetOp("missing")));
        Assert.Equal(OpResult.Nil, _slot.Read(new GetOp("t"), Now + 10));
    }

    [Fact]
    public void Exists_and_type_tell_a_live_key_from_a_missing_or_expired_one()
    {
        _slot.Seed("k", "v");
        _slot.Seed("t", "v", Now + 10);

        Assert.Equal(OpResult.One, _slot.Read(new ExistsOp("k")));
        Assert.Equal(OpResult.Zero, _slot.Read(new ExistsOp("missing")));
        Assert.Equal(OpResult.Zero, _slot.Read(new ExistsOp("t"), Now + 10));
        Assert.Equal(OpResult.Status("string"), _slot.Read(new TypeOp("k")));
        Assert.Equal(OpResult.Status("none"), _slot.Read(new TypeOp("missing")));
        Assert.Equal(OpResult.Status("none"), _slot.Read(new TypeOp("t"), Now + 10));
    }

    [Theory]
    [InlineData("hello", 5)]
    [InlineData("héllo", 6)]
    [InlineData("€", 3)]
    [InlineData("😀", 4)]
    [InlineData("", 0)]
    public void Strlen_counts_utf8_bytes_as_redis_counts_bytes(string value, long expected)
    {
        _slot.Seed("k", value);

        Assert.Equal(OpResult.Of(expected), _slot.Read(new StrlenOp("k")));
    }

    [Fact]
    public void Strlen_of_a_missing_key_is_0()
    {
        Assert.Equal(OpResult.Zero, _slot.Read(new StrlenOp("missing")));
    }

    [Theory]
    // Redis's test suite, "GETRANGE against string value" (unit/type/string.tcl), including its out-of-range ends:
    // a negative end before the string is clamped to 0, so the first byte still comes back.
    [InlineData("Hello World", 0, 3, "Hell")]
    [InlineData("Hello World", 0, -1, "Hello World")]
    [InlineData("Hello World", -4, -1, "orld")]
    [InlineData("Hello World", 5, 3, "")]
    [InlineData("Hello World", 5, 5000, " World")]
    [InlineData("Hello World", -5000, 10000, "Hello World")]
    [InlineData("Hello World", 0, -100, "H")]
    [InlineData("Hello World", 1, -100, "")]
    [InlineData("Hello World", -1, -100, "")]
    [InlineData("Hello World", -100, -99, "H")]
    [InlineData("Hello World", -100, -100, "H")]
    [InlineData("Hello World", -100, -101, "")]
    // "GETRANGE against integer-encoded value".
    [InlineData("1234", 0, 2, "123")]
    [InlineData("1234", 0, -1, "1234")]
    [InlineData("1234", -3, -1, "234")]
    [InlineData("1234", 5, 3, "")]
    [InlineData("1234", 3, 5000, "4")]
    [InlineData("1234", -5000, 10000, "1234")]
    // Extremes of the arguments' range, and an empty value.
    [InlineData("abc", long.MinValue, long.MaxValue, "abc")]
    [InlineData("abc", long.MaxValue, long.MaxValue, "")]
    [InlineData("abc", 3, 3, "")]
    [InlineData("", 0, -1, "")]
    public void Getrange_follows_redis_index_rules(string value, long start, long end, string expected)
    {
        _slot.Seed("k", value);

        Assert.Equal(expected, Encoding.UTF8.GetString(BytesOf(_slot.Read(new GetRangeOp("k", start, end)))));
    }

    [Fact]
    public void Getrange_of_a_missing_key_is_empty()
    {
        Assert.Equal(OpResult.Value(string.Empty), _slot.Read(new GetRangeOp("missing", 0, -1)));
    }

    [Fact]
    public void Getrange_counts_bytes_and_may_cut_a_character_giving_raw_bytes()
    {
        _slot.Seed("k", "aé€");

        var cut = _slot.Read(new GetRangeOp("k", 0, 1));
        Assert.Equal(OpResultKind.Bytes, cut.Kind);
        Assert.Equal(new byte[] { (byte)'a', 0xc3 }, BytesOf(cut));

        Assert.Equal(new byte[] { 0xa9, 0xe2, 0x82 }, BytesOf(_slot.Read(new GetRangeOp("k", 2, -2))));
        Assert.Equal("€", Encoding.UTF8.GetString(BytesOf(_slot.Read(new GetRangeOp("k", -3, -1)))));
    }

    [Fact]
    public void Ttl_is_minus_2_for_a_missing_key_and_minus_1_without_ttl_in_every_form()
    {
        _slot.Seed("k", "v");

        foreach (var unit in new[] { TtlUnit.Seconds, TtlUnit.Milliseconds })
        {
            foreach (var absolute in new[] { false, true })
            {
                Assert.Equal(OpResult.Of(-2), _slot.Read(new TtlOp("missing", unit, absolute)));
                Assert.Equal(OpResult.Of(-1), _slot.Read(new TtlOp("k", unit, absolute)));
            }
        }
    }

    [Theory]
    // TTL rounds the time left to the nearest second ((ms + 500) / 1000 in Redis's ttlGenericCommand).
    [InlineData(1, 0)]
    [InlineData(499, 0)]
    [InlineData(500, 1)]
    [InlineData(1499, 1)]
    [InlineData(1500, 2)]
    [InlineData(10_000, 10)]
    public void Ttl_rounds_the_time_left_to_the_nearest_second_and_pttl_is_exact(long msLeft, long seconds)
    {
        _slot.Seed("k", "v", Now + msLeft);

        Assert.Equal(OpResult.Of(seconds), _slot.Read(new TtlOp("k", TtlUnit.Seconds, Absolute: false)));
        Assert.Equal(OpResult.Of(msLeft), _slot.Read(new TtlOp("k", TtlUnit.Milliseconds, Absolute: false)));
    }

    [Theory]
    // Redis rounds EXPIRETIME the same way as TTL: ttlGenericCommand applies (ttl + 500) / 1000 to both.
    [InlineData(1_700_000_001_000, 1_700_000_001)]
    [InlineData(1_700_000_001_499, 1_700_000_001)]
    [InlineData(1_700_000_001_500, 1_700_000_002)]
    [InlineData(1_700_000_001_999, 1_700_000_002)]
    public void Expiretime_is_the_absolute_expiry_rounded_to_the_nearest_second_and_pexpiretime_is_exact(long atMs, long seconds)
    {
        _slot.Seed("k", "v", atMs);

        Assert.Equal(OpResult.Of(seconds), _slot.Read(new TtlOp("k", TtlUnit.Seconds, Absolute: true)));
        Assert.Equal(OpResult.Of(atMs), _slot.Read(new TtlOp("k", TtlUnit.Milliseconds, Absolute: true)));
    }

    [Fact]
    public void Ttl_of_an_expired_key_is_minus_2()
    {
        _slot.Seed("k", "v", Now + 100);

        Assert.Equal(OpResult.Of(-2), _slot.Read(new TtlOp("k", TtlUnit.Milliseconds, Absolute: false), Now + 100));
    }

    [Fact]
    public void A_read_op_run_in_a_batch_reads_as_it_does_from_committed_state()
    {
        _slot.Seed("k", "héllo", Now + 2500);
        ReadOp[] reads = [new GetOp("k"), new StrlenOp("k"), new ExistsOp("k"), new TypeOp("k"), new GetRangeOp("k", 1, 2), new TtlOp("k", TtlUnit.Seconds, false)];

        var committed = reads.Select(read => _slot.Read(read)).ToArray();
        var batched = _slot.Run(Now, reads);

        Assert.Equal(committed.Length, batched.Length);
        for (var i = 0; i < committed.Length; i++)
        {
            Assert.Equal(committed[i].Kind, batched[i].Kind);
            Assert.Equal(committed[i].Number, batched[i].Number);
        }

        Assert.Empty(_slot.Events);
    }
}
