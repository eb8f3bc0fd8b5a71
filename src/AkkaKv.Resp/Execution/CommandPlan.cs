using AkkaKv.Ops;

namespace AkkaKv.Resp.Execution;

/// <summary>A command turned into ops on one slot, and how their results make its reply. Built and checked when the
/// command arrives (so a syntax error inside MULTI is reported at once), run now or at EXEC.</summary>
public sealed record CommandPlan(int Slot, SlotOp[] Ops, ReplyShape Shape, bool ReadOnly)
{
    /// <summary>The slot of a queued command that touches no key (PING inside MULTI).</summary>
    public const int NoSlot = -1;

    /// <summary>A command queued inside MULTI that needs no slot: no ops, and <paramref name="reply"/> in its place.</summary>
    public static CommandPlan Constant(OpResult reply) => new(NoSlot, [], new ReplyShape.ConstantShape(reply), ReadOnly: true);
}
