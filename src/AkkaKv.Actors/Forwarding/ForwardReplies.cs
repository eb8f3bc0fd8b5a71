namespace AkkaKv.Actors.Forwarding;

/// <summary>The reply to a forwarded command. A null <see cref="Reply"/> means the slot does not run on the node the
/// command was sent to (any more): the command was not looked at, and the sender routes it through the shard region.</summary>
public readonly record struct ForwardedReply(long Id, object? Reply);

/// <summary>Replies to forwarded commands, sent back in one remoting message.</summary>
public sealed record ForwardReplies(IReadOnlyList<ForwardedReply> Items);
