using Akka.Actor;
using AkkaKv.Messages;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Replication;

/// <summary>One slot's side of replication: turns the changes a batch decided for replicated keys into replica entries
/// and hands them, with the acknowledgements that wait for them, to the node's <see cref="ReplicaWriter"/>. Used by both
/// slot actors; with replication off every method is a no-op and the slot path is what it was.</summary>
public sealed class SlotReplicas(int slot, NodeReplication replication)
{
    public bool Enabled => replication.Enabled;

    public int Bucket => ReplicaSettings.BucketOf(slot);

    public NodeReplication Node => replication;

    /// <summary>The replica entries of <paramref name="events"/>[<paramref name="from"/>..<paramref name="to"/>) that
    /// touch replicated keys (null when none). <paramref name="before"/> is the committed state the batch was decided
    /// on: a FLUSH tombstones every replicated key it held, and those set earlier in the same batch.</summary>
    public List<ReplicaEntry>? Collect(IReadOnlyList<ISlotEvent> events, int from, int to, SlotState before, long nowMs)
    {
        if (!Enabled)
        {
            return null;
        }

        List<ReplicaEntry>? entries = null;
        for (var i = from; i < to; i++)
        {
            switch (events[i])
            {
                case ValueSet set when replication.IsReplicated(set.Entry.KeyUtf8):
                    (entries ??= []).Add(new ReplicaEntry(set.Key, set.Value, set.Version, set.Revision, set.ExpiresAtMs));
                    break;
                case KeyDeleted deleted when replication.IsReplicated(deleted.Key):
                    (entries ??= []).Add(ReplicaEntry.Tombstone(deleted.Key, deleted.Revision, nowMs));
                    break;
                case KeyExpired expired when replication.IsReplicated(expired.Key):
                    (entries ??= []).Add(ReplicaEntry.Tombstone(expired.Key, expired.Revision, nowMs));
                    break;
                case SlotCleared cleared:
                    foreach (var key in ReplicatedKeysAt(before, events, i))
                    {
                        (entries ??= []).Add(ReplicaEntry.Tombstone(key, cleared.Revision, nowMs));
                    }

                    break;
            }
        }

        return entries;
    }

    /// <summary>Sends the entries of a batch that is now applied (journaled, in store mode): <paramref name="acked"/> are
    /// the commands whose reply waits for their replicas (each with its own entries), <paramref name="unacked"/> changes
    /// nobody waits for (expiries). Replies of commands that touched no replicated key are not here: they go at once.</summary>
    public void Publish(IReadOnlyList<(IActorRef To, ISlotCommand Command, object Reply, List<ReplicaEntry> Entries)> acked, List<ReplicaEntry>? unacked)
    {
        if (acked.Count == 0 && unacked is null)
        {
            return;
        }

        var entries = new List<ReplicaEntry>(unacked ?? []);
        var replies = new List<PendingReply>(acked.Count);
        var consistency = WriteConsistency.Local;
        foreach (var (to, command, reply, own) in acked)
        {
            entries.AddRange(own);
            replies.Add(new PendingReply(to, reply, command));
            var asked = replication.ConsistencyOf(command);
            consistency = asked > consistency ? asked : consistency;
        }

        replication.Writer.Tell(new PublishReplicas(Bucket, entries, consistency, replies));
    }

    /// <summary>Replicated keys live in the slot just before event <paramref name="index"/> of the batch.</summary>
    private IEnumerable<string> ReplicatedKeysAt(SlotState before, IReadOnlyList<ISlotEvent> events, int index)
    {
        var held = new List<string>();
        before.CollectKeys(replication.IsReplicated, long.MinValue, held);
        var keys = new HashSet<string>(held, StringComparer.Ordinal);
        for (var i = 0; i < index; i++)
        {
            switch (events[i])
            {
                case ValueSet set when replication.IsReplicated(set.Entry.KeyUtf8):
                    keys.Add(set.Key);
                    break;
                case KeyDeleted or KeyExpired:
                    break; // a tombstone for it is already in this batch; one more at the clear's revision is harmless
                case SlotCleared:
                    keys.Clear();
                    break;
            }
        }

        return keys;
    }
}
