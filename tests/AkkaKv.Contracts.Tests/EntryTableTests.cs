using System.Runtime.CompilerServices;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests;

public class EntryTableTests
{
    private static KvEntry Entry(string key, string value = "v") => new(key, value, 1, 1, null);

    [Fact]
    public void Stores_replaces_and_removes_like_a_dictionary_through_growth_and_shrinking()
    {
        var table = new EntryTable();
        var model = new Dictionary<string, KvEntry>();
        var random = new Random(3);
        for (var step = 0; step < 200_000; step++)
        {
            var key = $"k{random.Next(5_000)}";
            if (random.Next(3) == 0)
            {
                model.Remove(key, out var expected);
                Assert.Same(expected, table.Remove(key));
            }
            else
            {
                var entry = Entry(key, $"v{step}");
                model.TryGetValue(key, out var expected);
                Assert.Same(expected, table.Set(entry));
                model[key] = entry;
            }
        }

        Assert.Equal(model.Count, table.Count);
        foreach (var (key, entry) in model)
        {
            Assert.Same(entry, table.Find(key));
        }

        Assert.Equal(model.Count, table.Entries().Count());
        Assert.Null(table.Find("never"));

        // Emptied, it gives its cells back.
        foreach (var key in model.Keys)
        {
            table.Remove(key);
        }

        Assert.Equal(0, table.Count);
        Assert.True(table.Capacity <= 16, $"capacity {table.Capacity} after removing everything");
        Assert.Equal(0, table.SampleRun(random.Next(), new SampledEntry[5]));
    }

    [Fact]
    public void Keys_longer_than_the_stack_buffer_and_non_ascii_keys_are_found_and_removed_by_their_utf8()
    {
        var table = new EntryTable();
        var longKey = new string('k', 500);
        var accented = "clé:ü:日本";
        table.Set(Entry(longKey, "long"));
        table.Set(Entry(accented, "accented"));
        table.Set(Entry("cle:u", "ascii"));

        Assert.Equal("long", table.Find(longKey)!.Value);
        Assert.Equal("accented", table.Find(accented)!.Value);
        Assert.Equal(accented, table.Find(accented)!.Key);
        Assert.Null(table.Find(longKey[..499]));

        Assert.Equal("long", table.Remove(longKey)!.Value);
        Assert.Null(table.Find(longKey));
        Assert.Equal("ascii", table.Find("cle:u")!.Value);
    }

    [Fact]
    public void Removing_an_entry_by_reference_removes_only_that_entry_and_not_a_newer_one_of_its_key()
    {
        var table = new EntryTable();
        var colliding = Enumerable.Range(0, 200).Select(i => Entry($"k{i}")).ToArray();
        foreach (var entry in colliding)
        {
            table.Set(entry);
        }

        var replaced = colliding[7];
        var newer = Entry("k7", "newer");
        table.Set(newer);

        // The sampled entry was overwritten since: nothing is removed.
        Assert.False(table.RemoveEntry(replaced));
        Assert.Same(newer, table.Find("k7"));

        // Removed, and only it: every other key is still found (probe runs across the removed cell included).
        Assert.True(table.RemoveEntry(colliding[100]));
        Assert.False(table.RemoveEntry(colliding[100]));
        Assert.Null(table.Find("k100"));
        Assert.Equal(199, table.Count);
        Assert.All(colliding.Where((_, i) => i is not 7 and not 100), entry => Assert.Same(entry, table.Find(entry.Key)));

        // By the hash a sample carries (no read of the key), the same: only that very entry goes.
        var sampled = new SampledEntry[199];
        Assert.Equal(199, table.SampleRun(new Random(3).Next(), sampled));
        var k5 = sampled.Single(sample => sample.Entry.Key == "k5");
        Assert.False(table.RemoveEntry(replaced, k5.Hash)); // no longer stored
        Assert.True(table.RemoveEntry(k5.Entry, k5.Hash));
        Assert.Null(table.Find("k5"));
        Assert.Same(newer, table.Find("k7"));
        Assert.Equal(198, table.Count);
    }

    [Fact]
    public void Entry_at_a_hash_is_the_entry_in_the_cell_its_probe_starts_at_and_never_a_removed_one()
    {
        var table = new EntryTable();
        var only = Entry("only");
        table.Set(only);
        Assert.Same(only, table.EntryAt(EntryTable.HashOf("only"u8)));

        table.Remove("only");
        Assert.Null(table.EntryAt(EntryTable.HashOf("only"u8))); // its cell holds the removal mark now
    }

    [Fact]
    public void Sampling_reaches_every_entry_even_in_a_sparse_table_and_never_returns_one_twice_in_a_run()
    {
        var table = new EntryTable();
        for (var i = 0; i < 1000; i++)
        {
            table.Set(Entry($"k{i}"));
        }

        for (var i = 3; i < 1000; i++)
        {
            table.Remove($"k{i}");
        }

        var random = new Random(5);
        var seen = new HashSet<string>();
        var run = new SampledEntry[5];
        for (var i = 0; i < 200; i++)
        {
            // Asked for more than it holds, a run returns each entry once.
            Assert.Equal(3, table.SampleRun(random.Next(), run));
            Assert.Equal(3, run.Take(3).Select(sample => sample.Entry.Key).Distinct().Count());
            seen.UnionWith(run.Take(3).Select(sample => sample.Entry.Key));
            Assert.Equal(1, table.SampleRun(random.Next(), run.AsSpan(0, 1)));
            seen.Add(run[0].Entry.Key);
        }

        Assert.Equal(["k0", "k1", "k2"], seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Access_stamps_stay_with_their_keys_through_reads_overwrites_and_rebuilds()
    {
        var table = new EntryTable();
        for (var i = 0; i < 100; i++)
        {
            table.Set(Entry($"k{i}"), stamp: (uint)i);
        }

        // A read rewrites the stamp in place; an absent key has none.
        ref var stamp = ref table.Find("k7"u8, out var found);
        Assert.Equal("k7", found!.Key);
        Assert.Equal(7u, stamp);
        stamp = 700;
        Assert.True(Unsafe.IsNullRef(ref table.Find("absent"u8, out var absent)));
        Assert.Null(absent);

        // An overwrite takes the new stamp, or keeps the old one when asked to (LFU keeps a rewritten key's counter).
        table.Set(Entry("k8", "new"), stamp: 800);
        table.Set(Entry("k9", "new"), stamp: 900, keepReplacedStamp: true);

        // Removing most keys shrinks the table (a rebuild); the stamps of the rest move with them.
        for (var i = 20; i < 100; i++)
        {
            table.Remove($"k{i}");
        }

        var expected = Enumerable.Range(0, 20).ToDictionary(i => $"k{i}", i => i switch { 7 => 700u, 8 => 800u, _ => (uint)i });
        var run = new SampledEntry[20];
        Assert.Equal(20, table.SampleRun(new Random(1).Next(), run));
        Assert.Equal(expected, run.ToDictionary(sample => sample.Entry.Key, sample => sample.Stamp));
    }

    [Fact]
    public async Task Readers_on_other_threads_always_find_keys_that_stay_while_the_writer_churns_others()
    {
        var table = new EntryTable();
        var stable = Enumerable.Range(0, 100).Select(i => Entry($"stable:{i}")).ToArray();
        foreach (var entry in stable)
        {
            table.Set(entry);
        }

        using var stop = new CancellationTokenSource();
        long misses = 0;
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var i = r;
            while (!stop.IsCancellationRequested)
            {
                var entry = stable[i++ % stable.Length];
                if (!ReferenceEquals(table.Find(entry.Key), entry))
                {
                    Interlocked.Increment(ref misses);
                }
            }
        })).ToArray();

        // Grows to 100,000 churned keys and back, through many rebuilds, while the readers look.
        for (var i = 0; i < 100_000; i++)
        {
            table.Set(Entry($"churn:{i}"));
        }

        for (var i = 0; i < 100_000; i++)
        {
            table.Remove($"churn:{i}");
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, Interlocked.Read(ref misses));
        Assert.Equal(100, table.Count);
    }
}
