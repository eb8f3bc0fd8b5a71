using AkkaKv.Messages;
using AkkaKv.Ops;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Execution;

/// <summary>How a command's op results become its one reply: most commands run one op and reply its result; DEL and
/// EXISTS over several keys reply the sum; MSET replies OK; a transaction replies an array of its commands' replies.</summary>
public abstract class ReplyShape
{
    public static readonly ReplyShape One = new SingleShape();
    public static readonly ReplyShape Sum = new SumShape();
    public static readonly ReplyShape AllOk = new AllOkShape();
    public static readonly ReplyShape Array = new ArrayShape();

    public abstract void Write(RespWriter writer, ReadOnlySpan<OpResult> results);

    /// <summary>Writes the reply a slot sent for a <see cref="RunOps"/> (or the stand-in for one that never came).</summary>
    public void WriteReply(RespWriter writer, object? reply)
    {
        switch (reply)
        {
            case OpsDone done:
                Write(writer, done.Results);
                break;
            case OpsAborted:
                writer.NullArray();
                break;
            case OpsFailed { Reason: Actors.Slots.Evictor.OutOfMemory } failed:
                writer.Error(failed.Reason); // Redis's own OOM error, prefix and all
                break;
            case OpsFailed failed when failed.Reason.StartsWith(Actors.Replication.NodeReplication.BudgetFull, StringComparison.Ordinal):
                writer.Error(failed.Reason);
                break;
            case OpsFailed failed:
                writer.Error($"ERR {failed.Reason}");
                break;
            case string error:
                writer.Error(error);
                break;
            case SlotMoved moved:
                writer.Error(RespErrors.For(moved));
                break;
            case OpResult result:
                writer.Result(result);
                break;
            default:
                writer.Error($"ERR unexpected reply from the slot: {reply?.GetType().Name ?? "none"}");
                break;
        }
    }

    /// <summary>A reply decided without ops (a PING queued inside MULTI).</summary>
    internal sealed class ConstantShape(OpResult reply) : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results) => writer.Result(reply);
    }

    /// <summary>Nil when the key is missing (the op's result is nil), else a fixed error: for what Redis refuses only once
    /// it has found the key (OBJECT FREQ and IDLETIME under a policy that does not track them, GETEX with a bad time).</summary>
    internal sealed class NilOrErrorShape(string error) : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results)
        {
            if (results[0].Kind == OpResultKind.Nil)
            {
                writer.Result(results[0]);
            }
            else
            {
                writer.Error(error);
            }
        }
    }

    private sealed class SingleShape : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results) => writer.Result(results[0]);
    }

    private sealed class SumShape : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results)
        {
            long sum = 0;
            foreach (var result in results)
            {
                sum += result.Number;
            }

            writer.Number(sum);
        }
    }

    private sealed class AllOkShape : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results)
        {
            foreach (var result in results)
            {
                if (result.Kind == OpResultKind.Error)
                {
                    writer.Result(result);
                    return;
                }
            }

            writer.Ok();
        }
    }

    private sealed class ArrayShape : ReplyShape
    {
        public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results)
        {
            writer.Array(results.Length);
            foreach (var result in results)
            {
                writer.Result(result);
            }
        }
    }
}

/// <summary>EXEC's reply: one reply per queued command, each in its own shape over its own ops' results.</summary>
public sealed class TransactionShape(IReadOnlyList<(ReplyShape Shape, int Ops)> commands) : ReplyShape
{
    public override void Write(RespWriter writer, ReadOnlySpan<OpResult> results)
    {
        writer.Array(commands.Count);
        var at = 0;
        foreach (var (shape, ops) in commands)
        {
            shape.Write(writer, results.Slice(at, ops));
            at += ops;
        }
    }
}
