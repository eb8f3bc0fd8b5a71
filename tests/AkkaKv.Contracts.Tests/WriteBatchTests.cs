using AkkaKv.Messages;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests;

public class WriteBatchTests
{
    private const long Now = 1_000_000;
    private readonly SlotState _state = new();

    private IWriteReply Commit(ISlotWrite write, long now = Now)
    {
        var batch = new WriteBatch(_state, now);
        var reply = batch.Add(write);
        foreach (var change in batch.Events)
        {
            _state.Apply(change);
        }

        return reply;
    }

    [Fact]
    public void Put_creates_at_version_1_and_each_change_increments_version_and_slot_revision()
    {
        var first = Assert.IsType<WriteOk>(Commit(new PutKey(0, "a", "1", null, null)));
        Assert.Equal((1L, 1L), (first.Entry!.Version, first.Revision));

        var second = Assert.IsType<WriteOk>(Commit(new PutKey(0, "a", "2", null, null)));
        Assert.Equal((2L, 2L), (second.Entry!.Version, second.Revision));

        var other = Assert.IsType<WriteOk>(Commit(new PutKey(0, "b", "x", null, null)));
        Assert.Equal((1L, 3L), (other.Entry!.Version, other.Revision));

        Assert.Equal("2", _state.Find("a", Now)!.Value);
        Assert.Equal(3, _state.Revision);
    }

    [Fact]
    public void Compare_and_swap_succeeds_only_at_the_expected_version()
    {
        Assert.IsType<WriteOk>(Commit(new PutKey(0, "a", "1", ExpectedVersion: 0, null)));
        var mismatch = Assert.IsType<VersionMismatch>(Commit(new PutKey(0, "a", "again", ExpectedVersion: 0, null)));
        Assert.Equal(1, mismatch.CurrentVersion);

        Assert.IsType<VersionMismatch>(Commit(new PutKey(0, "a", "2", ExpectedVersion: 7, null)));
        Assert.Equal("1", _state.Find("a", Now)!.Value);
        Assert.Equal(1, _state.Revision);

        Assert.IsType<WriteOk>(Commit(new PutKey(0, "a", "2", ExpectedVersion: 1, null)));
        Assert.Equal("2", _state.Find("a", Now)!.Value);

        var absent = Assert.IsType<VersionMismatch>(Commit(new PutKey(0, "zz", "v", ExpectedVersion: 3, null)));
        Assert.Equal(0, absent.CurrentVersion);
    }

    [Fact]
    public void Delete_removes_the_key_and_honours_compare_and_swap()
    {
        Commit(new PutKey(0, "a", "1", null, null));
        Assert.IsType<VersionMismatch>(Commit(new DeleteKey(0, "a", ExpectedVersion: 5)));
        Assert.NotNull(_state.Find("a", Now));

        var deleted = Assert.IsType<WriteOk>(Commit(new DeleteKey(0, "a", ExpectedVersion: 1)));
        Assert.Null(deleted.Entry);
        Assert.Null(_state.Find("a", Now));
        Assert.IsType<KeyNotFound>(Commit(new DeleteKey(0, "a", null)));

        // A key re-created after a delete starts again at version 1 (etcd's rule); the slot revision keeps growing.
        var recreated = Assert.IsType<WriteOk>(Commit(new PutKey(0, "a", "new", null, null)));
        Assert.Equal((1L, 3L), (recreated.Entry!.Version, recreated.Revision));
    }

    [Fact]
    public void Expired_keys_are_never_returned_and_count_as_absent_for_writes()
    {
        Commit(new PutKey(0, "t", "v", null, ExpiresAtMs: Now + 100));
        Assert.NotNull(_state.Find("t", Now + 99));
        Assert.Null(_state.Find("t", Now + 100));
        Assert.Empty(_state.Scan("", null, 10, Now + 100));

        var recreated = Assert.IsType<WriteOk>(Commit(new PutKey(0, "t", "w", ExpectedVersion: 0, null), now: Now + 200));
        Assert.Equal(1, recreated.Entry!.Version);
        Assert.Null(recreated.Entry.ExpiresAtMs);
    }

    [Fact]
    public void Put_clears_the_ttl_unless_asked_to_keep_it()
    {
        Commit(new PutKey(0, "t", "v", null, ExpiresAtMs: Now + 100));
        Commit(new PutKey(0, "t", "v2", null, null, KeepTtl: true));
        Assert.Equal(Now + 100, _state.Find("t", Now)!.ExpiresAtMs);
        Commit(new PutKey(0, "t", "v3", null, null));
        Assert.Null(_state.Find("t", Now)!.ExpiresAtMs);
    }

    [Fact]
    public void Expiry_removes_only_keys_still_carrying_the_ttl_that_passed()
    {
        Commit(new PutKey(0, "gone", "v", null, ExpiresAtMs: Now + 10));
        Commit(new PutKey(0, "rewritten", "v", null, ExpiresAtMs: Now + 10));
        Commit(new PutKey(0, "rewritten", "v2", null, ExpiresAtMs: Now + 1000));
        Commit(new PutKey(0, "forever", "v", null, null));

        var due = _state.DueForExpiry(Now + 50, max: 10);
        Assert.Equal(["gone"], due);

        var batch = new WriteBatch(_state, Now + 50);
        foreach (var key in due)
        {
            batch.Expire(key);
        }

        var expired = Assert.IsType<KeyExpired>(Assert.Single(batch.Events));
        Assert.Equal("gone", expired.Key);
        _state.Apply(expired);
        Assert.Null(_state.FindStored("gone"));
        Assert.NotNull(_state.Find("rewritten", Now + 50));
        Assert.Empty(_state.DueForExpiry(Now + 50, 10));
    }

    [Fact]
    public void An_expiry_whose_removal_was_not_journaled_comes_due_again()
    {
        Commit(new PutKey(0, "gone", "v", null, ExpiresAtMs: Now + 10));
        Assert.Equal(["gone"], _state.DueForExpiry(Now + 50, max: 10));
        Assert.Empty(_state.DueForExpiry(Now + 50, max: 10));

        // The batch with its KeyExpired was rejected: the key is still stored and must be expired later.
        _state.RescheduleExpiry("gone");

        Assert.Equal(["gone"], _state.DueForExpiry(Now + 60, max: 10));
        _state.RescheduleExpiry("never-stored");
        Assert.Empty(_state.DueForExpiry(Now + 60, max: 10));
    }

    [Fact]
    public void Writes_in_one_batch_see_each_other_but_readers_see_nothing_until_applied()
    {
        var batch = new WriteBatch(_state, Now);
        Assert.IsType<WriteOk>(batch.Add(new PutKey(0, "a", "1", ExpectedVersion: 0, null)));
        var cas = Assert.IsType<WriteOk>(batch.Add(new PutKey(0, "a", "2", ExpectedVersion: 1, null)));
        Assert.IsType<VersionMismatch>(batch.Add(new PutKey(0, "a", "3", ExpectedVersion: 1, null)));
        Assert.Equal(2, cas.Entry!.Version);

        Assert.Null(_state.Find("a", Now));
        Assert.Equal(0, _state.Revision);

        foreach (var change in batch.Events)
        {
            _state.Apply(change);
        }

        Assert.Equal("2", _state.Find("a", Now)!.Value);
        Assert.Equal(2, _state.Revision);
    }

    [Fact]
    public void Scan_is_sorted_ordinally_filtered_by_prefix_and_resumes_after_a_key()
    {
        foreach (var key in new[] { "b/2", "a/1", "b/10", "b/1", "c" })
        {
            Commit(new PutKey(0, key, "v", null, null));
        }

        Assert.Equal(["b/1", "b/10", "b/2"], _state.Scan("b/", null, 10, Now).Select(e => e.Key));
        Assert.Equal(["b/10", "b/2"], _state.Scan("b/", "b/1", 10, Now).Select(e => e.Key));
        Assert.Equal(["a/1", "b/1"], _state.Scan("", null, 2, Now).Select(e => e.Key));
    }

    [Fact]
    public void A_snapshot_restores_entries_revision_and_pending_expiries()
    {
        Commit(new PutKey(0, "a", "1", null, null));
        Commit(new PutKey(0, "t", "v", null, ExpiresAtMs: Now + 10));

        var restored = SlotState.FromSnapshot(_state.ToSnapshot());
        Assert.Equal(2, restored.Revision);
        Assert.Equal("1", restored.Find("a", Now)!.Value);
        Assert.Equal(["t"], restored.DueForExpiry(Now + 10, 10));
    }

    [Fact]
    public void A_batch_decided_after_one_still_being_journaled_sees_its_writes_and_then_the_state_that_holds_them()
    {
        Commit(new PutKey(0, "a", "1", null, null));
        var first = new WriteBatch(_state, Now);
        first.Add(new PutKey(0, "a", "2", null, null));
        first.Add(new PutKey(0, "b", "x", null, null));

        var second = new WriteBatch(_state, Now, first);
        Assert.True(second.HasBefore);
        Assert.Equal(("2", 2L), (second.Current("a")!.Value, second.Current("a")!.Version));
        Assert.Equal(3, second.Revision);
        var swapped = Assert.IsType<WriteOk>(second.Add(new PutKey(0, "a", "3", ExpectedVersion: 2, null)));
        Assert.Equal((3L, 4L), (swapped.Entry!.Version, swapped.Revision));
        Assert.IsType<WriteOk>(second.Add(new DeleteKey(0, "b", null)));
        Assert.Null(second.Current("b"));

        // Nothing of either is committed yet.
        Assert.Equal("1", _state.Find("a", Now)!.Value);
        Assert.Equal(1, _state.Revision);

        foreach (var change in first.Events)
        {
            _state.Apply(change);
        }

        second.BeforeApplied();
        Assert.False(second.HasBefore);
        Assert.Equal("3", second.Current("a")!.Value);
        foreach (var change in second.Events)
        {
            _state.Apply(change);
        }

        Assert.Equal(("3", 3L), (_state.Find("a", Now)!.Value, _state.Find("a", Now)!.Version));
        Assert.Null(_state.Find("b", Now));
        Assert.Equal(5, _state.Revision);
    }

    [Fact]
    public void Clearing_the_slot_after_a_batch_still_being_journaled_hides_that_batch_s_writes_too()
    {
        var first = new WriteBatch(_state, Now);
        first.Add(new PutKey(0, "a", "1", null, null));
        var second = new WriteBatch(_state, Now, first);
        second.Clear();
        Assert.Null(second.Current("a"));
        Assert.Equal(2, second.Revision);
    }

    /// <summary>A batch looks its writes up by scanning them until it holds more than eight, then through a dictionary:
    /// both see the latest write of each key, and nothing from before a clear.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(40)]
    public void A_batch_of_any_size_sees_the_latest_write_of_each_key_and_nothing_before_a_clear(int writes)
    {
        Commit(new PutKey(0, "stored", "committed", null, null));
        var batch = new WriteBatch(_state, Now);
        for (var i = 0; i < writes; i++)
        {
            batch.Add(new PutKey(0, $"k{i % 5}", $"v{i}", null, null));
        }

        batch.Add(new DeleteKey(0, "k0", null));
        for (var k = 1; k < Math.Min(writes, 5); k++)
        {
            var latest = writes - 1 - ((writes - 1 - k) % 5);
            Assert.Equal($"v{latest}", batch.Current($"k{k}")!.Value);
        }

        Assert.Null(batch.Current("k0"));
        Assert.Equal("committed", batch.Current("stored")!.Value);

        batch.Clear();
        Assert.Null(batch.Current("k1"));
        Assert.Null(batch.Current("stored"));
        for (var i = 0; i < writes; i++)
        {
            batch.Add(new PutKey(0, $"after{i}", $"a{i}", null, null));
        }

        Assert.Equal("a0", batch.Current("after0")!.Value);
        Assert.Null(batch.Current("k1"));
        batch.Add(new PutKey(0, "k1", "again", null, null));
        Assert.Equal(1, batch.Current("k1")!.Version); // created anew: the clear removed the writes before it

        batch.ApplyTo(_state);
        Assert.Null(_state.Find("stored", Now));
        Assert.Equal("again", _state.Find("k1", Now)!.Value);
        Assert.Equal($"a{writes - 1}", _state.Find($"after{writes - 1}", Now)!.Value);
        Assert.Equal(batch.Revision, _state.Revision);
    }

    [Fact]
    public void Applying_a_batch_stores_the_entries_it_decided()
    {
        var batch = new WriteBatch(_state, Now);
        var set = Assert.IsType<WriteOk>(batch.Add(new PutKey(0, "a", "1", null, ExpiresAtMs: Now + 5_000)));
        batch.Add(new PutKey(0, "b", "2", null, null));
        batch.Add(new DeleteKey(0, "b", null));

        batch.ApplyTo(_state);

        Assert.Same(set.Entry, _state.Find("a", Now));
        Assert.Null(_state.Find("b", Now));
        Assert.Equal(3, _state.Revision);
        Assert.Equal(Now + 5_000, _state.Find("a", Now)!.ExpiresAtMs);
    }
}
