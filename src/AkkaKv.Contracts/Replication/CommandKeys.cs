using AkkaKv.Messages;

namespace AkkaKv.Replication;

/// <summary>Which keys a slot command may change, as far as replication cares.</summary>
public static class CommandKeys
{
    /// <summary>Whether <paramref name="command"/> may change a key in <paramref name="keyspaces"/>. A FLUSH (which
    /// changes every key of its slot) counts as touching them.</summary>
    public static bool TouchesAny(this ReplicatedKeyspaces keyspaces, ISlotCommand command)
    {
        if (keyspaces.IsEmpty)
        {
            return false;
        }

        return command switch
        {
            WithConsistency wrapped => keyspaces.TouchesAny(wrapped.Command),
            ISlotWrite write => keyspaces.Contains(write.Key),
            RunOps run => keyspaces.TouchesAny(run),
            _ => true,
        };
    }

    // Loops, not LINQ: this runs on every inline write of a cache-mode node when replication is on.
    private static bool TouchesAny(this ReplicatedKeyspaces keyspaces, RunOps run)
    {
        foreach (var op in run.Ops)
        {
            if (keyspaces.Contains(op.Key))
            {
                return true;
            }

            foreach (var other in op.OtherKeys)
            {
                if (keyspaces.Contains(other))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
