using AkkaKv.Ops;

namespace AkkaKv.Resp.Execution;

/// <summary>A command turned into ops on one slot, and how their results make its reply. Built and checked when the
/// command arrives, run now or at EXEC (inside MULTI, a command its plan refuses is queued as its error, as Redis does:
/// <see cref="RespContext.PlanQueued"/>).</summary>
public sealed record CommandPlan(int Slot, SlotOp[] Ops, ReplyShape Shape, bool ReadOnly)
{
    /// <summary>The slot of a queued command that touches no key (PING inside MULTI).</summary>
    public const int NoSlot = -1;

    /// <summary>A command queued inside MULTI that needs no slot: no ops, and <paramref name="reply"/> in its place.</summary>
    public static CommandPlan Constant(OpResult reply) => new(NoSlot, [], new ReplyShape.ConstantShape(reply), ReadOnly: true);
}
