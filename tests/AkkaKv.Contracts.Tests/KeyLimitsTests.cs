using AkkaKv.Keys;

namespace AkkaKv.Contracts.Tests;

public class KeyLimitsTests
{
    private readonly KeyLimits _limits = new(MaxKeyBytes: 8, MaxValueBytes: 16);

    [Fact]
    public void Empty_and_oversized_keys_are_refused_by_byte_length()
    {
        Assert.Equal(KvErrorCode.EmptyKey, _limits.CheckKey("")?.Code);
        Assert.Null(_limits.CheckKey("12345678"));
        Assert.Equal(KvErrorCode.KeyTooLarge, _limits.CheckKey("123456789")?.Code);
        // Four 2-byte characters fit in 8 bytes; five do not.
        Assert.Null(_limits.CheckKey("éééé"));
        Assert.Equal(KvErrorCode.KeyTooLarge, _limits.CheckKey("ééééé")?.Code);
    }

    [Fact]
    public void Values_over_the_limit_or_with_lone_surrogates_are_refused()
    {
        Assert.Null(_limits.CheckValue(new string('x', 16)));
        Assert.Equal(KvErrorCode.ValueTooLarge, _limits.CheckValue(new string('x', 17))?.Code);
        Assert.Equal(KvErrorCode.InvalidUtf8, _limits.CheckValue("a\ud800b")?.Code);
        Assert.Equal(KvErrorCode.InvalidUtf8, _limits.CheckKey("\udc00")?.Code);
    }
}
