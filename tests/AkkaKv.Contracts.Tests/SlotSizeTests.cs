using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests;

/// <summary>A slot's UTF-8 size (what slot reports and `cluster show` print) is kept as entries come and go, not counted
/// by walking the keys: it must equal the sum over what is stored after every kind of change.</summary>
public class SlotSizeTests
{
    [Fact]
    public void The_size_follows_sets_overwrites_deletes_expiries_evictions_and_clears()
    {
        var state = new SlotState();
        var revision = 0L;
        state.Apply(new ValueSet("a", "12345", 1, ++revision, null));
        state.Apply(new ValueSet("bé", "✓", 1, ++revision, 1_000));
        state.Apply(new ValueSet("c", "x", 1, ++revision, null));
        Assert.Equal(6 + 6 + 2, state.Utf8Bytes);

        state.Apply(new ValueSet("a", "1", 2, ++revision, null)); // overwrite: shorter
        Assert.Equal(2 + 6 + 2, state.Utf8Bytes);

        state.Apply(new KeyExpired("bé", ++revision));
        Assert.Equal(2 + 2, state.Utf8Bytes);

        var run = new SampledEntry[2];
        Assert.Equal(2, state.SampleRun(0, run));
        Assert.True(state.Evict(run.Single(sample => sample.Entry.Key == "c")));
        Assert.False(state.Evict(run.Single(sample => sample.Entry.Key == "c"))); // no longer stored: nothing changes
        Assert.Equal(2, state.Utf8Bytes);

        state.Apply(new KeyDeleted("nothing-here", ++revision)); // no such key: nothing changes
        Assert.Equal(2, state.Utf8Bytes);

        state.Apply(new KeyDeleted("a", ++revision));
        Assert.Equal(0, state.Utf8Bytes);

        state.Apply(new ValueSet("d", "dd", 1, ++revision, null));
        state.Apply(new SlotCleared(++revision));
        Assert.Equal(0, state.Utf8Bytes);
        state.Apply(new ValueSet("e", "eee", 1, ++revision, null));
        Assert.Equal(4, state.Utf8Bytes);
    }
}
