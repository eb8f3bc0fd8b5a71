using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>A slot's decided (and, in store mode, journaled) changes of replicated keys in one bucket, for the node's
/// <see cref="ReplicaWriter"/> to put into the replicas at <paramref name="Consistency"/>. <paramref name="Replies"/>
/// are the acknowledgements that wait for it. Local to the node, never sent over the network.</summary>
public sealed record PublishReplicas(int Bucket, IReadOnlyList<ReplicaEntry> Entries, WriteConsistency Consistency, IReadOnlyList<PendingReply> Replies);

/// <summary>The reply a command gets once its replicas are written; <see cref="Command"/>'s failure reply otherwise.</summary>
public sealed record PendingReply(IActorRef To, object Reply, ISlotCommand Command);
