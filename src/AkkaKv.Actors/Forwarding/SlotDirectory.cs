using Akka.Actor;

namespace AkkaKv.Actors.Forwarding;

/// <summary>Which node each slot's owner runs on, as the nodes last announced it (<see cref="SlotsHere"/>). It is a hint:
/// a slot may have moved since, and the node a command is sent to then says so, and the command goes through the shard
/// region, which always knows.</summary>
public sealed class SlotDirectory
{
    private readonly Address?[] _owners;
    private readonly Lock _gate = new();
    private long _generation;

    public SlotDirectory(int slotCount)
    {
        _owners = new Address?[slotCount];
    }

    /// <summary>Changes whenever any slot's entry changes: a connection that must keep its commands in order waits for
    /// its replies in flight before it sends on a route that may have changed.</summary>
    public long Generation => Volatile.Read(ref _generation);

    public Address? OwnerOf(int slot) => Volatile.Read(ref _owners[slot]);

    /// <summary>Records that <paramref name="node"/> owns exactly <paramref name="slots"/> (slots it no longer lists are
    /// forgotten).</summary>
    public void Update(Address node, IReadOnlyList<int> slots)
    {
        var listed = new bool[_owners.Length];
        foreach (var slot in slots)
        {
            if ((uint)slot < (uint)listed.Length)
            {
                listed[slot] = true;
            }
        }

        lock (_gate)
        {
            var changed = false;
            for (var slot = 0; slot < _owners.Length; slot++)
            {
                var owner = _owners[slot];
                if (listed[slot] && !node.Equals(owner))
                {
                    Volatile.Write(ref _owners[slot], node);
                    changed = true;
                }
                else if (!listed[slot] && node.Equals(owner))
                {
                    Volatile.Write(ref _owners[slot], null);
                    changed = true;
                }
            }

            Bump(changed);
        }
    }

    /// <summary>Forgets every slot of <paramref name="node"/> (it is unreachable or leaving).</summary>
    public void Forget(Address node) => Update(node, []);

    /// <summary>Forgets one slot, if it is still recorded as <paramref name="node"/>'s (it said the slot is not there).</summary>
    public void Forget(int slot, Address node)
    {
        lock (_gate)
        {
            var forget = node.Equals(_owners[slot]);
            if (forget)
            {
                Volatile.Write(ref _owners[slot], null);
            }

            Bump(forget);
        }
    }

    private void Bump(bool changed)
    {
        if (changed)
        {
            Interlocked.Increment(ref _generation);
        }
    }
}
