using System.Collections.Concurrent;
using Akka.Actor;
using AkkaKv.Messages;

namespace AkkaKv.Actors.Forwarding;

/// <summary>Forwarded commands waiting for their reply, by id. Each requester keeps its own deadline; an entry whose
/// requester has long given up (the node it went to died, say) is dropped by <see cref="DropOlderThan"/>.</summary>
internal sealed class PendingForwards
{
    private readonly ConcurrentDictionary<long, Entry> _entries = new();
    private long _lastId;

    public int Count => _entries.Count;

    public long Add(IWithSlot command, IActorRef replyTo, Address node)
    {
        var id = Interlocked.Increment(ref _lastId);
        _entries[id] = new Entry(command, replyTo, node, Environment.TickCount64);
        return id;
    }

    public bool TryTake(long id, out Entry entry) => _entries.TryRemove(id, out entry);

    /// <summary>Takes every entry sent to <paramref name="node"/> (its connection broke: their replies cannot come).</summary>
    public List<Entry> TakeAllSentTo(Address node)
    {
        var taken = new List<Entry>();
        foreach (var (id, entry) in _entries)
        {
            if (entry.Node.Equals(node) && _entries.TryRemove(id, out var removed))
            {
                taken.Add(removed);
            }
        }

        return taken;
    }

    public int DropOlderThan(TimeSpan age)
    {
        var cutoff = Environment.TickCount64 - (long)age.TotalMilliseconds;
        var dropped = 0;
        foreach (var (id, entry) in _entries)
        {
            if (entry.SentAtMs < cutoff && _entries.TryRemove(id, out _))
            {
                dropped++;
            }
        }

        return dropped;
    }

    public readonly record struct Entry(IWithSlot Command, IActorRef ReplyTo, Address Node, long SentAtMs);
}
