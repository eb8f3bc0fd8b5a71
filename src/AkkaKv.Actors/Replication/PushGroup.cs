namespace AkkaKv.Actors.Replication;

/// <summary>The majority/all batches of one flush (one per bucket), pushed to the other nodes together in one push: a
/// batch is done once its own update of this node's replica has answered and enough nodes have acknowledged the push
/// (the two run at the same time, see <see cref="ReplicaWriter"/>). Used by the writer actor only.</summary>
internal sealed class PushGroup(IReadOnlyList<ReplicaBatch> batches)
{
    private int _settled;
    private bool _acknowledged;

    public IReadOnlyList<ReplicaBatch> Batches { get; } = batches;

    /// <summary>The update of this node's replica for one of the batches has answered (a failed one is answered on its
    /// own); true when the group is now complete.</summary>
    public bool Settled()
    {
        _settled++;
        return IsComplete;
    }

    /// <summary>Enough nodes acknowledged the push (or it needed none); true when the group is now complete.</summary>
    public bool Acked()
    {
        _acknowledged = true;
        return IsComplete;
    }

    private bool IsComplete => _acknowledged && _settled == Batches.Count;
}
