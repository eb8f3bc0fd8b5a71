using Akka.Actor;
using AkkaKv.Actors.Slots;
using AkkaKv.Memory;
using AkkaKv.Messages;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Tests;

/// <summary>Each policy evicts in its order on a scripted access sequence. A node of two slots and six keys, sampled 64
/// times per round, so every key is in the pool (a key missed by all 64 draws of a round is a 1-in-100,000 event, and
/// the sampling is seeded anyway). Key-count budgets make "evict exactly N" easy to state.</summary>
public sealed class EvictionOrderTests
{
    private const long T0 = 1_800_000_000_000;
    private static readonly string[] Keys = ["a", "b", "c", "d", "e", "f"];

    [Fact]
    public void Lru_evicts_the_least_recently_used_first()
    {
        var node = Node(EvictionPolicy.AllKeysLru);
        WriteAll(node, ttlFor: _ => null);
        Read(node, "a", T0 + 100);
        Read(node, "b", T0 + 110);
        Read(node, "c", T0 + 120);

        Assert.True(Shrink(node, keepKeys: 4, T0 + 200));

        // d, e, f were written at T0+30..50 and never read; d and e are the two oldest uses.
        Assert.Equal(["a", "b", "c", "f"], Remaining(node));
    }

    [Fact]
    public void Lfu_evicts_the_least_frequently_used_first_and_a_formerly_hot_key_cools_down()
    {
        // log-factor 0: every read adds one, so the counters are exact here.
        var node = Node(EvictionPolicy.AllKeysLfu, lfuLogFactor: 0, lfuDecayMinutes: 1);
        WriteAll(node, ttlFor: _ => null);
        for (var i = 0; i < 10; i++)
        {
            Read(node, "a", T0 + 100);
        }

        Read(node, "b", T0 + 100);
        Read(node, "b", T0 + 100);
        Read(node, "c", T0 + 100);

        Assert.True(Shrink(node, keepKeys: 3, T0 + 200));
        Assert.Equal(["a", "b", "c"], Remaining(node));

        // An hour later a is at 0 (15 points, one per minute); b and c too; a key written now starts at 5.
        var later = T0 + (60 * 60_000);
        Write(node, "fresh", later, ttl: null);
        Assert.True(Shrink(node, keepKeys: 1, later));
        Assert.Equal(["fresh"], Remaining(node));
    }

    [Fact]
    public void Volatile_lru_evicts_only_keys_with_a_ttl_and_refuses_when_none_is_left()
    {
        var node = Node(EvictionPolicy.VolatileLru);
        WriteAll(node, ttlFor: key => key is "e" or "f" ? T0 + 3_600_000 : null);

        Assert.True(Shrink(node, keepKeys: 4, T0 + 100));
        Assert.Equal(["a", "b", "c", "d"], Remaining(node));

        // Over budget again with no key left that the policy may evict: the write is refused.
        Assert.False(Shrink(node, keepKeys: 3, T0 + 100));
        Assert.Equal(4, node.Memory.Keys);
    }

    [Fact]
    public void Volatile_ttl_evicts_the_soonest_expiry_first()
    {
        var node = Node(EvictionPolicy.VolatileTtl);
        var expiries = new Dictionary<string, long?> { ["a"] = T0 + 50_000, ["b"] = T0 + 10_000, ["c"] = T0 + 90_000, ["d"] = T0 + 20_000, ["e"] = null, ["f"] = null };
        WriteAll(node, ttlFor: key => expiries[key]);

        Assert.True(Shrink(node, keepKeys: 4, T0 + 100));

        Assert.Equal(["a", "c", "e", "f"], Remaining(node));
    }

    [Fact]
    public void Noeviction_refuses_and_keeps_everything()
    {
        var node = Node(EvictionPolicy.NoEviction);
        WriteAll(node, ttlFor: _ => null);

        Assert.False(Shrink(node, keepKeys: 4, T0 + 100));

        Assert.Equal(Keys, Remaining(node));
    }

    [Fact]
    public void Allkeys_random_evicts_down_to_the_budget()
    {
        var node = Node(EvictionPolicy.AllKeysRandom);
        WriteAll(node, ttlFor: _ => null);

        Assert.True(Shrink(node, keepKeys: 2, T0 + 100));

        Assert.Equal(2, Remaining(node).Count);
        Assert.Equal(4, node.Memory.Evicted);
    }

    [Fact]
    public void A_byte_budget_evicts_until_the_model_bytes_fit()
    {
        var node = Node(EvictionPolicy.AllKeysLru);
        WriteAll(node, ttlFor: _ => null);
        var perKey = EntrySize.Of(new KvEntry("a", "value-of-a", 1, 1, null));
        node.Memory.Settings = node.Memory.Settings with { MaxMemoryBytes = (3 * perKey) + 1 };

        Assert.True(node.Evictor.MakeRoom(T0 + 100));

        Assert.Equal(3, node.Memory.Keys);
        Assert.Equal(3 * perKey, node.Memory.Bytes);
    }

    [Fact]
    public void A_byte_budget_with_big_values_evicts_no_more_keys_than_it_must()
    {
        // Evictions go in steps of up to eight, sized by the excess over the target: with 60 KB values and 2 MB (the
        // target 1/64 lower), a step of eight would drop about 480 KB; the node must stop within one entry of it.
        var node = Node(EvictionPolicy.AllKeysLru);
        var value = new string('v', 60 * 1024);
        for (var i = 0; i < 36; i++)
        {
            Assert.True(node.Find(i % 2)!.TryRunInline(new PutKey(0, $"big{i}", value, null, null), T0 + i, out _));
        }

        const long budget = 2 * 1024 * 1024;
        const long target = budget - (budget / 64);
        var perKey = node.Memory.Bytes / node.Memory.Keys;
        Assert.True(node.Memory.Bytes > target + perKey); // at least two to evict

        node.Memory.Settings = node.Memory.Settings with { MaxMemoryBytes = budget };
        Assert.True(node.Evictor.MakeRoom(T0 + 100));

        Assert.InRange(node.Memory.Bytes, target - perKey + 1, target);
    }

    [Fact]
    public void Overwrites_and_deletes_keep_the_accounting_exact()
    {
        var node = Node(EvictionPolicy.AllKeysLru);
        var slot = node.Find(0)!;
        slot.TrySetInline("k", "short", T0);
        slot.TrySetInline("k", "a much longer value", T0 + 1);
        Assert.Equal(EntrySize.Of(new KvEntry("k", "a much longer value", 1, 1, null)), node.Memory.Bytes);
        Assert.Equal(1, node.Memory.Keys);

        Assert.True(slot.TryRunInline(new DeleteKey(0, "k", null), T0 + 2, out _));

        Assert.Equal(0, node.Memory.Bytes);
        Assert.Equal(0, node.Memory.Keys);
    }

    private static LocalSlots Node(EvictionPolicy policy, int lfuLogFactor = 10, int lfuDecayMinutes = 1)
    {
        var node = new LocalSlots(2, new EvictionSettings(Policy: policy, Samples: 64, LfuLogFactor: lfuLogFactor, LfuDecayMinutes: lfuDecayMinutes), new Random(42));
        for (var slot = 0; slot < 2; slot++)
        {
            node.Publish(slot, new LocalSlot(new SlotState(node.Memory), ActorRefs.Nobody, inlineWrites: true, node.Evictor));
        }

        return node;
    }

    /// <summary>Writes the keys 10 ms apart, more than the LRU clock's 4 ms tick.</summary>
    private static void WriteAll(LocalSlots node, Func<string, long?> ttlFor)
    {
        for (var i = 0; i < Keys.Length; i++)
        {
            Write(node, Keys[i], T0 + (10 * i), ttlFor(Keys[i]));
        }
    }

    /// <summary>Writes under the slot's lock as a command would; keys alternate between the two slots.</summary>
    private static void Write(LocalSlots node, string key, long atMs, long? ttl) =>
        Assert.True(SlotOf(node, key).TryRunInline(new PutKey(0, key, "value-of-" + key, null, ttl), atMs, out _));

    private static void Read(LocalSlots node, string key, long atMs) => Assert.NotNull(SlotOf(node, key).State.Find(key, atMs));

    private static LocalSlot SlotOf(LocalSlots node, string key) => node.Find(key.Length % 2 == 0 ? 0 : key[0] % 2)!;

    /// <summary>Sets a key-count budget and makes room as a write would.</summary>
    private static bool Shrink(LocalSlots node, int keepKeys, long nowMs)
    {
        node.Memory.Settings = node.Memory.Settings with { MaxKeys = keepKeys };
        return node.Evictor.MakeRoom(nowMs);
    }

    private static List<string> Remaining(LocalSlots node) =>
        [.. Enumerable.Range(0, 2).SelectMany(slot => node.Find(slot)!.State.Scan("", null, 100, T0).Select(e => e.Key)).Order(StringComparer.Ordinal)];
}
