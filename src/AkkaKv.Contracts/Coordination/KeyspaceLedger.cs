namespace AkkaKv.Coordination;

/// <summary>The keyspace coordinator's state and decisions, as pure logic: events in, state out, time passed in.
/// Journaled: the configuration the cluster was born with and each slot's owner. Not journaled (soft, refreshed by every
/// report): each slot's key count and revision.</summary>
public sealed class KeyspaceLedger
{
    private string?[] _owners = [];
    private SlotStatus?[] _status = [];
    private long[] _reportedAtMs = [];

    public KeyspaceConfig? Config { get; private set; }

    public long BornAtMs { get; private set; }

    /// <summary>Accepts a node whose configuration matches the cluster's; the first node fixes it
    /// (<paramref name="born"/> is then the event to journal before replying).</summary>
    public ICoordinationMessage Register(RegisterNode request, long nowMs, out KeyspaceBorn? born)
    {
        born = null;
        if (Config is null)
        {
            born = new KeyspaceBorn(request.Config, nowMs);
            return new NodeAccepted(request.Config, nowMs);
        }

        return request.Config.MismatchWith(Config) is { } reason
            ? new NodeRefused(reason)
            : new NodeAccepted(Config, BornAtMs);
    }

    /// <summary>Records the report's sizes and returns the ownership changes it shows (to journal).</summary>
    public IReadOnlyList<SlotOwnerChanged> Report(SlotsReport report, long nowMs)
    {
        var changes = new List<SlotOwnerChanged>();
        foreach (var status in report.Slots)
        {
            if ((uint)status.Slot >= (uint)_owners.Length)
            {
                continue; // Not a slot of this keyspace (a refused node's report); nothing to record.
            }

            _status[status.Slot] = status;
            _reportedAtMs[status.Slot] = nowMs;
            if (_owners[status.Slot] != report.Address)
            {
                changes.Add(new SlotOwnerChanged(status.Slot, report.Address));
            }
        }

        return changes;
    }

    /// <summary>The ownership changes when a node has left the cluster: none of its slots has an owner until reported.</summary>
    public IReadOnlyList<SlotOwnerChanged> NodeLeft(string address)
    {
        var changes = new List<SlotOwnerChanged>();
        for (var slot = 0; slot < _owners.Length; slot++)
        {
            if (_owners[slot] == address)
            {
                changes.Add(new SlotOwnerChanged(slot, null));
            }
        }

        return changes;
    }

    /// <summary>Slots no node has reported running since <paramref name="cutoffMs"/>: not started since they moved (sharding
    /// starts a slot only when a message reaches it), or their node is gone. Pinging them starts them where they belong.</summary>
    public IReadOnlyList<int> NotReportedSince(long cutoffMs)
    {
        var quiet = new List<int>();
        for (var slot = 0; slot < _reportedAtMs.Length; slot++)
        {
            if (_reportedAtMs[slot] < cutoffMs)
            {
                quiet.Add(slot);
            }
        }

        return quiet;
    }

    public void Apply(ICoordinatorEvent change)
    {
        switch (change)
        {
            case KeyspaceBorn born:
                Config = born.Config;
                BornAtMs = born.AtMs;
                _owners = new string?[born.Config.SlotCount];
                _status = new SlotStatus?[born.Config.SlotCount];
                _reportedAtMs = new long[born.Config.SlotCount];
                break;
            case SlotOwnerChanged moved:
                _owners[moved.Slot] = moved.Owner;
                if (moved.Owner is null)
                {
                    _status[moved.Slot] = null;
                }

                break;
            default:
                throw new ArgumentException($"unknown coordinator event {change.GetType().Name}", nameof(change));
        }
    }

    public KeyspaceView View() =>
        new(Config, BornAtMs, [.. _owners.Select((owner, slot) =>
            new SlotOwnership(slot, owner, _status[slot]?.Keys ?? 0, _status[slot]?.Revision ?? 0, _status[slot]?.Bytes ?? 0))]);

    public CoordinatorSnapshot ToSnapshot() => new(Config, BornAtMs, [.. _owners]);

    public static KeyspaceLedger FromSnapshot(CoordinatorSnapshot snapshot)
    {
        var ledger = new KeyspaceLedger();
        if (snapshot.Config is { } config)
        {
            ledger.Apply(new KeyspaceBorn(config, snapshot.BornAtMs));
            for (var slot = 0; slot < snapshot.Owners.Count && slot < ledger._owners.Length; slot++)
            {
                ledger._owners[slot] = snapshot.Owners[slot];
            }
        }

        return ledger;
    }
}
