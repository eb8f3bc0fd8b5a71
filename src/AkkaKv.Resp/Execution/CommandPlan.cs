using AkkaKv.Ops;

namespace AkkaKv.Resp.Execution;

/// <summary>A command turned into ops on one slot, and how their results make its reply. Built and checked when the
/// command arrives (so a syntax error inside MULTI is reported at once), run now or at EXEC.</summary>
public sealed record CommandPlan(int Slot, SlotOp[] Ops, ReplyShape Shape, bool ReadOnly);
