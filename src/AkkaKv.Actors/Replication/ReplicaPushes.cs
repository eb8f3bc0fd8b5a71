using Akka.Actor;

namespace AkkaKv.Actors.Replication;

/// <summary>The replica pushes this node has out, each waiting for enough other nodes to acknowledge it (see
/// <see cref="ReplicaWriter"/>). As DistributedData's write aggregator does, a push goes first to as many nodes as it
/// needs, and to the others too once a fifth of its timeout has passed without enough acknowledgements. Used by the
/// writer actor only (not thread-safe).</summary>
internal sealed class ReplicaPushes
{
    private readonly Dictionary<long, Push> _out = [];
    private long _lastId;

    public int Count => _out.Count;

    /// <summary>An id for the next push (in its bytes, before <see cref="Start"/>).</summary>
    public long NextId() => ++_lastId;

    /// <summary>Records push <paramref name="id"/> of <paramref name="group"/>, sent to <paramref name="sentTo"/>, done once
    /// <paramref name="needed"/> of them (or of <paramref name="later"/>, which get it at the fifth of the timeout)
    /// acknowledge it.</summary>
    public void Start(long id, PushGroup group, int needed, IEnumerable<Address> sentTo, IReadOnlyList<Address> later, byte[] payload, long nowMs, TimeSpan timeout)
    {
        var timeoutMs = (long)timeout.TotalMilliseconds;
        _out[id] = new Push(group, needed, [.. sentTo], later, payload, nowMs + (timeoutMs / 5), nowMs + timeoutMs);
    }

    /// <summary>Counts <paramref name="from"/>'s acknowledgement of push <paramref name="id"/>; the push's group when that
    /// made enough (it is then no longer out), null otherwise. An acknowledgement from a node it was not sent to, or for
    /// a push no longer out (done or timed out), counts for nothing.</summary>
    public PushGroup? Acked(long id, Address from)
    {
        if (!_out.TryGetValue(id, out var push) || !push.SentTo.Contains(from) || !push.Acked.Add(from) || push.Acked.Count < push.Needed)
        {
            return null;
        }

        _out.Remove(id);
        return push.Group;
    }

    /// <summary>The pushes whose other nodes are due at <paramref name="nowMs"/>, each with those nodes (now counted as
    /// sent to; call <see cref="Sent"/> for the ones it reached).</summary>
    public List<(long Id, byte[] Payload, IReadOnlyList<Address> To)> DueLater(long nowMs)
    {
        var due = new List<(long, byte[], IReadOnlyList<Address>)>();
        foreach (var (id, push) in _out)
        {
            if (push.Later.Count > 0 && nowMs >= push.LaterAtMs)
            {
                due.Add((id, push.Payload, push.Later));
                push.Later = [];
            }
        }

        return due;
    }

    /// <summary>Push <paramref name="id"/> reached <paramref name="node"/> as well.</summary>
    public void Sent(long id, Address node)
    {
        if (_out.TryGetValue(id, out var push))
        {
            push.SentTo.Add(node);
        }
    }

    /// <summary>Removes and returns the groups of the pushes past their timeout at <paramref name="nowMs"/>.</summary>
    public List<PushGroup> Expired(long nowMs)
    {
        List<PushGroup>? expired = null;
        foreach (var (id, push) in _out)
        {
            if (nowMs >= push.DeadlineMs)
            {
                (expired ??= []).Add(push.Group);
                _out.Remove(id);
            }
        }

        return expired ?? [];
    }

    private sealed class Push(PushGroup group, int needed, HashSet<Address> sentTo, IReadOnlyList<Address> later, byte[] payload, long laterAtMs, long deadlineMs)
    {
        public PushGroup Group { get; } = group;

        public int Needed { get; } = needed;

        public HashSet<Address> SentTo { get; } = sentTo;

        public HashSet<Address> Acked { get; } = [];

        public IReadOnlyList<Address> Later { get; set; } = later;

        public byte[] Payload { get; } = payload;

        public long LaterAtMs { get; } = laterAtMs;

        public long DeadlineMs { get; } = deadlineMs;
    }
}
