using AkkaKv.Replication;

namespace AkkaKv.Actors.Replication;

/// <summary>The changes of one bucket waiting for (or riding in) one replica update, and the acknowledgements that wait
/// for it (see <see cref="ReplicaWriter"/>).</summary>
internal sealed class ReplicaBatch(int bucket)
{
    public int Bucket { get; } = bucket;

    public List<ReplicaEntry> Entries { get; } = [];

    public List<PendingReply> Replies { get; } = [];

    /// <summary>Its writes have been answered (see <see cref="ReplicaWriter"/>'s Done: once only).</summary>
    public bool Answered { get; set; }

    /// <summary>The strongest consistency any of its writes asked for.</summary>
    public WriteConsistency Consistency { get; private set; } = WriteConsistency.Local;

    public void Add(PublishReplicas publish)
    {
        Entries.AddRange(publish.Entries);
        Replies.AddRange(publish.Replies);
        if (publish.Consistency > Consistency)
        {
            Consistency = publish.Consistency;
        }
    }
}
