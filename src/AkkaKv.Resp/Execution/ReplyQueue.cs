using System.Threading.Tasks.Sources;
using Akka.Actor;
using AkkaKv.Actors.Gateway;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Execution;

/// <summary>Keeps a connection's replies in command order while the commands of one pipeline run concurrently: writes
/// sent to slots join the queue as <see cref="PendingReply"/>s (so a pipeline of 16 SETs is 16 messages in flight and
/// lands in one group commit), and replies ready at once queue behind them. <see cref="DrainAsync"/> waits for every
/// pending reply (one wait for the whole pipeline, not one per command) and writes them all in order.</summary>
internal sealed class ReplyQueue : IValueTaskSource<bool>, IThreadPoolWorkItem
{
    private readonly List<(ReplyShape Shape, object? Reply, PendingReply? Pending)> _entries = [];
    private readonly CoarseTimeouts _deadlines;
    private readonly TimeSpan _timeout;
    private readonly IResumeScheduler _resume;

    // Continuations run inline on the thread that signals, which is the one the scheduler chose (see OnSettled).
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = false };

    // Replies still to come, plus one held by the connection until it starts waiting: whoever brings it to 0 signals.
    private int _outstanding = 1;

    /// <param name="resume">Where the connection resumes once its replies are in.</param>
    public ReplyQueue(IActorRefProvider provider, CoarseTimeouts deadlines, TimeSpan timeout, IResumeScheduler resume)
    {
        Provider = provider;
        LocalPath = provider.TempPath();
        _deadlines = deadlines;
        _timeout = timeout;
        _resume = resume;
    }

    public IActorRefProvider Provider { get; }

    /// <summary>The path every local pending reply shows (never looked up: local slots reply to the object itself).</summary>
    public ActorPath LocalPath { get; }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>A reply ready now: written at once when nothing is queued before it, else queued in order.</summary>
    public void Ready(RespWriter writer, ReplyShape shape, object? reply)
    {
        if (_entries.Count == 0)
        {
            shape.WriteReply(writer, reply);
        }
        else
        {
            _entries.Add((shape, reply, null));
        }
    }

    /// <summary>An op's result ready now (boxed only when it must wait behind earlier replies).</summary>
    public void Ready(RespWriter writer, in Ops.OpResult result)
    {
        if (_entries.Count == 0)
        {
            writer.Result(result);
        }
        else
        {
            _entries.Add((ReplyShape.One, result, null));
        }
    }

    /// <summary>A reply-to address for a message about to be sent; its reply takes the next place in the queue.</summary>
    public PendingReply Expect(ReplyShape shape, bool remote)
    {
        var pending = new PendingReply(this, shape, remote ? Provider.TempPath() : null);
        Interlocked.Increment(ref _outstanding);
        _entries.Add((shape, null, pending));
        return pending;
    }

    /// <summary>On the thread that brought a reply (a slot's, the journal writer's, a timer's): the last one hands the
    /// connection's continuation to its scheduler.</summary>
    public void OnSettled()
    {
        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            return;
        }

        _resume.Schedule(this);
    }

    /// <summary>On the scheduler's thread: the connection goes on from its <see cref="DrainAsync"/>.</summary>
    void IThreadPoolWorkItem.Execute() => _signal.SetResult(true);

    /// <summary>Waits for every pending reply (or the request timeout) and writes all queued replies in order.</summary>
    public async ValueTask DrainAsync(RespWriter writer)
    {
        if (_entries.Count == 0)
        {
            return;
        }

        if (Interlocked.Decrement(ref _outstanding) != 0)
        {
            using (_deadlines.After(_timeout).Register(static queue => ((ReplyQueue)queue!).TimeOutAll(), this))
            {
                await new ValueTask<bool>(this, _signal.Version);
            }
        }

        _signal.Reset();
        _outstanding = 1;
        foreach (var (shape, reply, pending) in _entries)
        {
            shape.WriteReply(writer, pending is null ? reply : pending.Reply);
        }

        _entries.Clear();
    }

    /// <summary>Called when the connection closes: late replies find nothing to do, registered paths are released.</summary>
    public void Abandon()
    {
        foreach (var (_, _, pending) in _entries)
        {
            pending?.TryTimeOut("connection closed");
        }

        _entries.Clear();
    }

    private void TimeOutAll()
    {
        var error = $"ERR the slot did not answer within {_timeout.TotalSeconds:0.#} s; the command may or may not have been applied";
        foreach (var (_, _, pending) in _entries)
        {
            if (pending is not null && pending.TryTimeOut(error))
            {
                OnSettled();
            }
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);
}
