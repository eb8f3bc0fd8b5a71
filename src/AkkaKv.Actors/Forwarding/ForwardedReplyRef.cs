using Akka.Actor;
using Akka.Event;
using AkkaKv.Actors.Serialization;

namespace AkkaKv.Actors.Forwarding;

/// <summary>Where a slot owner on this node sends its reply to a forwarded command: the reply joins the batch going back
/// to the node that forwarded it. Registered as a temporary actor, because a slot that is handing off passes the
/// command on to its next home, possibly on another node, which must be able to reply here.</summary>
internal sealed class ForwardedReplyRef : MinimalActorRef
{
    private readonly Outbox<ForwardedReply> _outbox;
    private readonly long _id;
    private readonly ILoggingAdapter _log;
    private int _answered;

    public ForwardedReplyRef(Outbox<ForwardedReply> outbox, long id, IActorRefProvider provider, ILoggingAdapter log)
    {
        _outbox = outbox;
        _id = id;
        _log = log;
        Provider = provider;
        Path = provider.TempPath();
        provider.RegisterTempActor(this, Path);
    }

    public override ActorPath Path { get; }

    public override IActorRefProvider Provider { get; }

    protected override void TellInternal(object message, IActorRef sender)
    {
        if (Interlocked.Exchange(ref _answered, 1) != 0)
        {
            return;
        }

        Provider.UnregisterTempActor(Path);
        // A reply without a wire format cannot travel (it would fail the whole batch): the requester's deadline then
        // says "may or may not have been applied", which is the truth. Slots only answer with wire types today.
        if (KvMessageSerializer.Formats.Has(message.GetType()))
        {
            _outbox.Add(new ForwardedReply(_id, message));
            return;
        }

        _log.Warning("a slot answered a forwarded command with {0}, which has no wire format; the requester will time out", message.GetType().Name);
    }
}
