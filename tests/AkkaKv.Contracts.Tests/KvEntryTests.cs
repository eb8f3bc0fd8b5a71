using System.Text;
using AkkaKv.Memory;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests;

/// <summary>KvEntry keeps key, value and numbers in one array (numbers as variable-length integers): every field must
/// come back exactly as given, whatever its size.</summary>
public class KvEntryTests
{
    public static TheoryData<long, long, long?> Numbers => new()
    {
        { 1, 1, null },
        { 0, 0, null },
        { 127, 128, 1 },
        { 16_383, 16_384, 1_800_000_000_000 },
        { long.MaxValue, long.MaxValue, long.MaxValue },
        { -1, long.MinValue, -5 },
    };

    [Theory]
    [MemberData(nameof(Numbers))]
    public void Every_field_reads_back_as_written(long version, long revision, long? expiresAtMs)
    {
        var fromStrings = new KvEntry("clé:1", "välue ✓", version, revision, expiresAtMs);
        var fromBytes = new KvEntry(Encoding.UTF8.GetBytes("clé:1"), Encoding.UTF8.GetBytes("välue ✓"), version, revision, expiresAtMs);

        foreach (var entry in new[] { fromStrings, fromBytes })
        {
            Assert.Equal("clé:1", entry.Key);
            Assert.Equal("välue ✓", entry.Value);
            Assert.Equal(Encoding.UTF8.GetByteCount("välue ✓"), entry.ValueByteCount);
            Assert.Equal(version, entry.Version);
            Assert.Equal(revision, entry.ModRevision);
            Assert.Equal(expiresAtMs, entry.ExpiresAtMs);
        }

        Assert.Equal(fromStrings, fromBytes);
    }

    [Fact]
    public void With_changes_one_number_and_keeps_the_rest()
    {
        var entry = new KvEntry("k", "value", 3, 300, null);

        var expiring = entry with { ExpiresAtMs = 1_800_000_000_000 };
        Assert.Equal(("k", "value", 3L, 300L, (long?)1_800_000_000_000), (expiring.Key, expiring.Value, expiring.Version, expiring.ModRevision, expiring.ExpiresAtMs));

        var persisted = expiring with { ExpiresAtMs = null, Version = 4 };
        Assert.Equal(("k", "value", 4L, 300L, (long?)null), (persisted.Key, persisted.Value, persisted.Version, persisted.ModRevision, persisted.ExpiresAtMs));

        var bumped = entry with { ModRevision = 1L << 40 };
        Assert.Equal(("k", "value", 3L, 1L << 40, (long?)null), (bumped.Key, bumped.Value, bumped.Version, bumped.ModRevision, bumped.ExpiresAtMs));

        // The original is untouched (its array may have been shared with the copy).
        Assert.Equal(("k", "value", 3L, 300L, (long?)null), (entry.Key, entry.Value, entry.Version, entry.ModRevision, entry.ExpiresAtMs));
    }

    [Fact]
    public void Expiry_is_checked_against_the_time_given()
    {
        var entry = new KvEntry("k", "v", 1, 1, 1_000);

        Assert.False(entry.IsExpiredAt(999));
        Assert.True(entry.IsExpiredAt(1_000));
        Assert.False(new KvEntry("k", "v", 1, 1, null).IsExpiredAt(long.MaxValue));
    }

    [Fact]
    public void A_16_byte_key_with_a_100_byte_value_costs_208_bytes_while_its_revision_is_below_16384()
    {
        // Array: 24 + 16 + 100 + 3 trailer bytes, rounded to 144; entry 32; table cell (16 bytes) ~32.
        var entry = new KvEntry(new string('k', 16), new string('v', 100), 1, 16_383, null);

        Assert.Equal(208, EntrySize.Of(entry));
        Assert.Equal(216, EntrySize.Of(entry with { ModRevision = 1L << 30 }));
    }
}
