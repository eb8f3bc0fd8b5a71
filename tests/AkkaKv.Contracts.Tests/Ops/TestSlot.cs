using System.Text;
using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Slots;

namespace AkkaKv.Contracts.Tests.Ops;

/// <summary>A slot driven as its actor drives it, without the actor: commands decided on one <see cref="WriteBatch"/>,
/// then the batch's events applied to the committed <see cref="SlotState"/>, as once journaled. Every commit checks
/// that readers saw nothing before it, and that afterwards the committed state reads exactly as the batch did.</summary>
internal sealed class TestSlot
{
    /// <summary>A Unix time in ms with a non-zero sub-second part, so rounding to seconds shows.</summary>
    public const long Now = 1_700_000_000_250;

    public SlotState State { get; } = new();

    /// <summary>The events of the last commit.</summary>
    public IReadOnlyList<ISlotEvent> Events { get; private set; } = [];

    /// <summary>Runs one op in its own batch and commits it.</summary>
    public OpResult Run(SlotOp op, long now = Now) => Run(now, op)[0];

    /// <summary>Runs ops as one <see cref="RunOps"/> (MULTI/EXEC, MSET) and commits them.</summary>
    public OpResult[] Run(long now, params SlotOp[] ops) => Assert.IsType<OpsDone>(Decide(now, new RunOps(0, ops))[0]).Results;

    /// <summary>Decides commands in one batch, in order, then commits the batch; the replies, one per command.</summary>
    public object[] Decide(long now, params ISlotCommand[] commands)
    {
        var before = State.Revision;
        var batch = new WriteBatch(State, now);
        var replies = commands.Select(command => command.Decide(batch)).ToArray();

        Assert.Equal(before, State.Revision);
        Events = [.. batch.Events];
        Assert.Equal(Enumerable.Range(1, Events.Count).Select(i => before + i), Events.Select(e => e.Revision));
        foreach (var change in Events)
        {
            State.Apply(change);
        }

        Assert.Equal(batch.Revision, State.Revision);
        var keys = Events.Select(KeyOf).OfType<string>().Concat(State.Scan("", null, int.MaxValue, now).Select(e => e.Key));
        foreach (var key in keys.Distinct())
        {
            Assert.Equal(batch.Current(key), State.Find(key, now));
        }

        return replies;
    }

    /// <summary>Sets a key (committed), optionally with an absolute expiry.</summary>
    public KvEntry Seed(string key, string value, long? expiresAtMs = null)
    {
        Run(new SetOp(key, value, new ExpiryChange(false, expiresAtMs)));
        return State.FindStored(key)!;
    }

    /// <summary>The committed live entry, as a reader would see it.</summary>
    public KvEntry? Find(string key, long now = Now) => State.Find(key, now);

    /// <summary>A read op answered from committed state, as reads on a local slot are.</summary>
    public OpResult Read(ReadOp op, long now = Now) => op.Read(new CommittedView(State, now));

    /// <summary>The bytes a value reply carries: text as UTF-8, raw bytes as they are.</summary>
    public static byte[] BytesOf(OpResult result) => result.Kind switch
    {
        OpResultKind.Text => Encoding.UTF8.GetBytes(result.Text!),
        OpResultKind.Bytes => (byte[])result.Payload!,
        _ => throw new InvalidOperationException($"not a value: {result}"),
    };

    private static string? KeyOf(ISlotEvent change) => change switch
    {
        ValueSet set => set.Key,
        KeyDeleted deleted => deleted.Key,
        KeyExpired expired => expired.Key,
        _ => null,
    };
}
