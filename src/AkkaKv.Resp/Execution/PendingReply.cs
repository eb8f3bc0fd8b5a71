using Akka.Actor;

namespace AkkaKv.Resp.Execution;

/// <summary>A command sent to a slot whose reply has not come yet. It is itself the reply-to address of the message
/// (a minimal actor ref), so a command costs one message and no Ask (no temporary actor, no task, no timer of its own):
/// the reply is stored here and the connection is signalled once every reply of the pipeline is in.</summary>
internal sealed class PendingReply : MinimalActorRef
{
    private readonly ReplyQueue _queue;
    private readonly ActorPath _path;
    private readonly bool _registered;
    private int _settled;

    /// <param name="tempPath">A registered temporary path when the reply may come from another node (it must be able
    /// to find this ref); null for a slot on this node, which replies to the object directly.</param>
    public PendingReply(ReplyQueue queue, ReplyShape shape, ActorPath? tempPath)
    {
        _queue = queue;
        Shape = shape;
        _path = tempPath ?? queue.LocalPath;
        _registered = tempPath is not null;
        if (_registered)
        {
            queue.Provider.RegisterTempActor(this, _path);
        }
    }

    public ReplyShape Shape { get; }

    /// <summary>The slot's reply, or the error text that stands in for it.</summary>
    public object? Reply { get; private set; }

    public override ActorPath Path => _path;

    public override IActorRefProvider Provider => _queue.Provider;

    /// <summary>Gives up on the reply (the deadline passed); false when it had already come.</summary>
    public bool TryTimeOut(string error) => TrySettle(error);

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (TrySettle(message))
        {
            _queue.OnSettled();
        }
    }

    private bool TrySettle(object reply)
    {
        if (Interlocked.CompareExchange(ref _settled, 1, 0) != 0)
        {
            return false;
        }

        Reply = reply;
        if (_registered)
        {
            _queue.Provider.UnregisterTempActor(_path);
        }

        return true;
    }
}
