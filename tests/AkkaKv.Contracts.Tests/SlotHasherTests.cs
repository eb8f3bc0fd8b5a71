using System.Text;
using AkkaKv.Keys;

namespace AkkaKv.Contracts.Tests;

public class SlotHasherTests
{
    [Theory]
    [InlineData("", 0u)]
    [InlineData("hello", 0x248bfa47u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x2e4ff723u)]
    public void Murmur3_matches_the_reference_vectors(string input, uint expected) =>
        Assert.Equal(expected, MurmurHash3.Hash32(Encoding.UTF8.GetBytes(input)));

    [Theory]
    [InlineData("user:{42}:name", "42")]
    [InlineData("{42}", "42")]
    [InlineData("plain", "plain")]
    [InlineData("a{}b", "a{}b")]
    [InlineData("a{b", "a{b")]
    [InlineData("x{a}{b}", "a")]
    [InlineData("{}{b}", "{}{b}")]
    public void Only_the_first_non_empty_hash_tag_is_hashed(string key, string hashed) =>
        Assert.Equal(hashed, HashTag.HashedPart(key).ToString());

    [Fact]
    public void Keys_with_the_same_tag_share_a_slot_and_slots_spread_evenly()
    {
        var hasher = new SlotHasher(1024);
        Assert.Equal(hasher.SlotOf("{order:7}:items"), hasher.SlotOf("{order:7}:total"));

        var counts = new int[1024];
        for (var i = 0; i < 102_400; i++)
        {
            counts[hasher.SlotOf($"key:{i}")]++;
        }

        // 100 keys per slot on average; a sound hash keeps every slot well within 2x of that.
        Assert.All(counts, c => Assert.InRange(c, 50, 150));
    }

    [Fact]
    public void Long_keys_hash_like_their_bytes()
    {
        var key = new string('é', 2000);
        var expected = (int)(MurmurHash3.Hash32(Encoding.UTF8.GetBytes(key)) % 1024);
        Assert.Equal(expected, new SlotHasher(1024).SlotOf(key));
    }

    [Theory]
    [InlineData("key:000000012345")]
    [InlineData("user:{42}:name")]
    [InlineData("a{}b")]
    [InlineData("x{é}{b}")]
    [InlineData("日本{語}")]
    public void A_key_given_as_UTF8_bytes_lands_in_the_slot_of_its_text(string key)
    {
        var hasher = new SlotHasher(1024);
        Assert.Equal(hasher.SlotOf(key), hasher.SlotOf(Encoding.UTF8.GetBytes(key)));
        Assert.Equal(HashTag.HashedPart(key).ToString(), Encoding.UTF8.GetString(HashTag.HashedPart(Encoding.UTF8.GetBytes(key))));
    }
}
