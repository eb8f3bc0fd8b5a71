using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Replication;

/// <summary>What a slot that has just started (on this node, after a hand-off or a failover) does with the replica of its
/// keys: the newer side wins, so nothing acknowledged goes backwards and the replicas converge on the slot.</summary>
public static class SlotReconciliation
{
    /// <summary>A store-mode slot has recovered from the journal, which holds every acknowledged write: it is the truth.
    /// Returns what the replica must be told: entries the slot holds newer than (or missing from) the replica, and a
    /// tombstone for each key the replica still shows live that the slot no longer holds (a deletion whose replica update
    /// never went out). A replica entry newer than the journal cannot come from an acknowledged write; it is left alone
    /// (and reported in <paramref name="ahead"/>).</summary>
    public static List<ReplicaEntry> StoreRepairs(SlotState state, IEnumerable<ReplicaEntry> replicaOfSlot, Func<string, bool> isReplicated, long nowMs, out int ahead)
    {
        ahead = 0;
        var repairs = new List<ReplicaEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var replica in replicaOfSlot)
        {
            seen.Add(replica.Key);
            var held = state.FindStored(replica.Key);
            if (held is not null)
            {
                if (held.ModRevision > replica.Revision || (held.ModRevision == replica.Revision && replica.IsTombstone))
                {
                    repairs.Add(ToReplica(held));
                }
            }
            else if (!replica.IsTombstone)
            {
                if (replica.Revision <= state.Revision)
                {
                    repairs.Add(ReplicaEntry.Tombstone(replica.Key, state.Revision, nowMs));
                }
                else
                {
                    ahead++;
                }
            }
        }

        var keys = new List<string>();
        state.CollectKeys(isReplicated, long.MinValue, keys);
        foreach (var key in keys)
        {
            if (!seen.Contains(key) && state.FindStored(key) is { } held)
            {
                repairs.Add(ToReplica(held));
            }
        }

        return repairs;
    }

    /// <summary>A cache-mode slot starts empty (nothing is journaled): it takes its replicated keys back from the replica,
    /// and continues its revision above every entry there, so its later writes win over all of them. Returns how many
    /// keys it took.</summary>
    public static int Adopt(SlotState state, IEnumerable<ReplicaEntry> replicaOfSlot, long nowMs)
    {
        var adopted = 0;
        var highest = 0L;
        foreach (var replica in replicaOfSlot.OrderBy(e => e.Revision))
        {
            highest = Math.Max(highest, replica.Revision);
            if (!replica.IsLiveAt(nowMs))
            {
                continue;
            }

            if (state.FindStored(replica.Key) is not { } held || held.ModRevision < replica.Revision)
            {
                state.Put(ToEntry(replica), nowMs);
                adopted++;
            }
        }

        state.AdvanceRevision(highest);
        return adopted;
    }

    public static ReplicaEntry ToReplica(KvEntry entry) => new(entry.Key, entry.Value, entry.Version, entry.ModRevision, entry.ExpiresAtMs);

    public static KvEntry ToEntry(ReplicaEntry replica) => new(replica.Key, replica.Value!, replica.Version, replica.Revision, replica.ExpiresAtMs);
}
