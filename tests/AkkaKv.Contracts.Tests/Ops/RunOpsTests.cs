using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;
using static AkkaKv.Contracts.Tests.Ops.TestSlot;

namespace AkkaKv.Contracts.Tests.Ops;

public class RunOpsTests
{
    private readonly TestSlot _slot = new();

    [Fact]
    public void Ops_later_in_a_batch_see_the_writes_of_earlier_ones()
    {
        var results = _slot.Run(
            Now,
            new SetOp("a", "1", ExpiryChange.At(Now + 9000)),
            new IncrementOp("a", 1),
            new GetOp("a"),
            new AppendOp("a", "x", MaxBytes: 100),
            new RenameOp("a", "b", OnlyIfAbsent: false),
            new ExistsOp("a"),
            new GetOp("b"),
            new TtlOp("b", TtlUnit.Milliseconds, Absolute: false));

        Assert.Equal(
            [OpResult.Ok, OpResult.Of(2), OpResult.Value("2"), OpResult.Of(2), OpResult.Ok, OpResult.Zero, OpResult.Value("2x"), OpResult.Of(9000)],
            results);
        Assert.Null(_slot.Find("a"));
        var b = _slot.Find("b")!;
        Assert.Equal(("2x", 1L, (long?)(Now + 9000), 5L), (b.Value, b.Version, b.ExpiresAtMs, b.ModRevision));
    }

    [Fact]
    public void Nothing_of_a_batch_is_seen_by_readers_before_it_is_applied()
    {
        _slot.Seed("a", "old");
        var batch = new WriteBatch(_slot.State, Now);

        new RunOps(0, [new SetOp("a", "new", ExpiryChange.Clear), new SetOp("b", "v", ExpiryChange.Clear)]).Decide(batch);

        Assert.Equal("new", batch.Current("a")!.Value);
        Assert.Equal("old", _slot.Find("a")!.Value);
        Assert.Null(_slot.Find("b"));
        Assert.Equal(1, _slot.State.Revision);
    }

    [Fact]
    public void An_op_that_fails_does_not_undo_the_others_as_in_redis_exec()
    {
        _slot.Seed("n", "not a number");

        var results = _slot.Run(Now, new SetOp("a", "1", ExpiryChange.Clear), new IncrementOp("n", 1), new SetOp("b", "2", ExpiryChange.Clear));

        Assert.Equal(OpResultKind.Error, results[1].Kind);
        Assert.Equal(("1", "2", "not a number"), (_slot.Find("a")!.Value, _slot.Find("b")!.Value, _slot.Find("n")!.Value));
    }

    [Fact]
    public void A_watched_key_left_unchanged_lets_the_ops_run()
    {
        _slot.Seed("w", "v");
        _slot.Seed("other", "x");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        // Another key of the slot changing does not matter for a key that existed.
        _slot.Seed("other", "y");

        var reply = Run(watch, new SetOp("w", "mine", ExpiryChange.Clear));

        Assert.IsType<OpsDone>(reply);
        Assert.Equal("mine", _slot.Find("w")!.Value);
    }

    [Fact]
    public void A_watched_key_rewritten_even_with_the_same_value_aborts()
    {
        _slot.Seed("w", "v");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        _slot.Seed("w", "v");

        AssertAborted(Run(watch, new SetOp("w", "mine", ExpiryChange.Clear)));
        Assert.Equal("v", _slot.Find("w")!.Value);
    }

    [Fact]
    public void A_watched_key_deleted_and_recreated_aborts()
    {
        _slot.Seed("w", "v");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        _slot.Run(new DeleteOp("w"));
        _slot.Seed("w", "v");

        AssertAborted(Run(watch, new SetOp("w", "mine", ExpiryChange.Clear)));
    }

    [Fact]
    public void A_watched_key_that_expired_since_aborts()
    {
        _slot.Seed("w", "v", Now + 100);
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");

        AssertAborted(Run(watch, Now + 100, new SetOp("w", "mine", ExpiryChange.Clear)));
    }

    [Fact]
    public void A_watched_key_touched_only_by_expire_aborts()
    {
        // Redis counts any modification, a TTL change included.
        _slot.Seed("w", "v");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        _slot.Run(new ExpireOp("w", Now + 5000));

        AssertAborted(Run(watch, new GetOp("w")));
    }

    [Fact]
    public void An_absent_watched_key_with_no_change_in_the_slot_lets_the_ops_run()
    {
        _slot.Seed("other", "x");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        Assert.Null(watch.ModRevision);

        Assert.IsType<OpsDone>(Run(watch, new SetOp("w", "mine", ExpiryChange.Clear, SetCondition.IfAbsent)));
        Assert.Equal("mine", _slot.Find("w")!.Value);
    }

    [Fact]
    public void An_absent_watched_key_aborts_on_any_change_in_its_slot()
    {
        // Conservative: an absent key keeps no revision, so a set-then-deleted key could not be told apart.
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        _slot.Seed("other", "x");

        AssertAborted(Run(watch, new SetOp("w", "mine", ExpiryChange.Clear)));
    }

    [Fact]
    public void An_absent_watched_key_created_and_deleted_since_aborts()
    {
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");
        _slot.Seed("w", "v");
        _slot.Run(new DeleteOp("w"));

        AssertAborted(Run(watch, new SetOp("w", "mine", ExpiryChange.Clear)));
        Assert.Null(_slot.Find("w"));
    }

    [Fact]
    public void A_watched_key_written_earlier_in_the_same_batch_aborts()
    {
        // The slot decides many clients' commands in one batch: a write decided before the transaction counts as a change.
        _slot.Seed("w", "v");
        var watch = WatchedKey.Seen(new CommittedView(_slot.State, Now), "w");

        var replies = _slot.Decide(
            Now,
            new RunOps(0, [new SetOp("w", "theirs", ExpiryChange.Clear)]),
            new RunOps(0, [new SetOp("w", "mine", ExpiryChange.Clear)], [watch]));

        Assert.IsType<OpsDone>(replies[0]);
        Assert.Same(OpsAborted.Instance, replies[1]);
        Assert.Equal("theirs", _slot.Find("w")!.Value);
    }

    [Fact]
    public void Watch_op_reads_what_watch_records_for_a_key()
    {
        _slot.Seed("w", "v");
        var view = new CommittedView(_slot.State, Now);

        var result = new WatchOp("w").Read(view);

        Assert.Equal(OpResultKind.Ok, result.Kind);
        Assert.Equal(new WatchedKey("w", 1, 1), result.Payload);
        Assert.Equal(new WatchedKey("absent", null, 1), new WatchOp("absent").Read(view).Payload);
    }

    [Fact]
    public void A_batch_that_was_not_journaled_is_answered_as_failed()
    {
        Assert.Equal(new OpsFailed("journal down"), new RunOps(0, []).Failed("journal down"));
        Assert.Equal(new OpsFailed("journal down"), new ClearSlot(0).Failed("journal down"));
    }

    private object Run(WatchedKey watch, params SlotOp[] ops) => Run(watch, Now, ops);

    private object Run(WatchedKey watch, long now, params SlotOp[] ops) => _slot.Decide(now, new RunOps(0, ops, [watch]))[0];

    private void AssertAborted(object reply)
    {
        Assert.Same(OpsAborted.Instance, reply);
        Assert.Empty(_slot.Events);
    }
}
