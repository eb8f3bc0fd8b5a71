using Akka.Actor;
using Akka.Persistence;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>What Akka's snapshot store compliance spec checks, through the snapshot store protocol.</summary>
public abstract class SnapshotStoreSpec : PluginTestKit
{
    private static readonly DateTime T0 = new(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    protected SnapshotStoreSpec(TestDatabase database, ITestOutputHelper output)
        : base(database, output)
    {
    }

    private static DateTime At(long seq) => T0.AddMinutes(seq);

    /// <summary>Snapshots at sequence numbers 1..5, snapshot n taken at T0 + n minutes.</summary>
    private void SaveFive(string pid)
    {
        for (long seq = 1; seq <= 5; seq++)
        {
            SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata(pid, seq, At(seq)), $"s-{seq}"), TestActor);
            ExpectMsg<SaveSnapshotSuccess>(Timeout);
        }
    }

    private SelectedSnapshot? Load(string pid, SnapshotSelectionCriteria criteria, long toSequenceNr = long.MaxValue)
    {
        SnapshotStore.Tell(new LoadSnapshot(pid, criteria, toSequenceNr), TestActor);
        return ExpectMsg<LoadSnapshotResult>(Timeout).Snapshot;
    }

    [Fact]
    public void Loads_nothing_when_there_is_no_snapshot()
    {
        Assert.Null(Load("none", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public void Loads_the_latest_snapshot_with_its_metadata()
    {
        SaveFive("p1");
        var latest = Load("p1", SnapshotSelectionCriteria.Latest);
        Assert.NotNull(latest);
        Assert.Equal("s-5", latest.Snapshot);
        Assert.Equal("p1", latest.Metadata.PersistenceId);
        Assert.Equal(5, latest.Metadata.SequenceNr);
        Assert.Equal(At(5), latest.Metadata.Timestamp);
    }

    [Fact]
    public void Honours_the_selection_criteria()
    {
        SaveFive("p1");
        Assert.Equal(3, Load("p1", new SnapshotSelectionCriteria(3))!.Metadata.SequenceNr);
        Assert.Equal(2, Load("p1", new SnapshotSelectionCriteria(long.MaxValue, At(2)))!.Metadata.SequenceNr);
        Assert.Equal(4, Load("p1", SnapshotSelectionCriteria.Latest, toSequenceNr: 4)!.Metadata.SequenceNr);
        Assert.Equal(5, Load("p1", new SnapshotSelectionCriteria(long.MaxValue, DateTime.MaxValue, 4, null))!.Metadata.SequenceNr);
        Assert.Null(Load("p1", new SnapshotSelectionCriteria(3, DateTime.MaxValue, 4, null)));
        Assert.Null(Load("p1", new SnapshotSelectionCriteria(long.MaxValue, At(5), 0, At(6))));
        Assert.Equal(4, Load("p1", new SnapshotSelectionCriteria(4, DateTime.MaxValue, 0, At(3)))!.Metadata.SequenceNr);
        Assert.Null(Load("p2", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public void Saving_the_same_sequence_number_again_replaces_the_snapshot()
    {
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata("p1", 1, At(1)), "old"), TestActor);
        ExpectMsg<SaveSnapshotSuccess>(Timeout);
        SnapshotStore.Tell(new SaveSnapshot(new SnapshotMetadata("p1", 1, At(2)), "new"), TestActor);
        ExpectMsg<SaveSnapshotSuccess>(Timeout);
        Assert.Equal("new", Load("p1", SnapshotSelectionCriteria.Latest)!.Snapshot);
    }

    [Fact]
    public void Deletes_a_single_snapshot()
    {
        SaveFive("p1");
        SnapshotStore.Tell(new DeleteSnapshot(new SnapshotMetadata("p1", 5, At(5))), TestActor);
        ExpectMsg<DeleteSnapshotSuccess>(Timeout);
        Assert.Equal(4, Load("p1", SnapshotSelectionCriteria.Latest)!.Metadata.SequenceNr);

        // Without a timestamp the (persistence id, sequence nr) pair alone identifies it.
        SnapshotStore.Tell(new DeleteSnapshot(new SnapshotMetadata("p1", 4, DateTime.MinValue)), TestActor);
        ExpectMsg<DeleteSnapshotSuccess>(Timeout);
        Assert.Equal(3, Load("p1", SnapshotSelectionCriteria.Latest)!.Metadata.SequenceNr);
    }

    [Fact]
    public void Deletes_snapshots_matching_criteria()
    {
        SaveFive("p1");
        SaveFive("p2");
        SnapshotStore.Tell(new DeleteSnapshots("p1", new SnapshotSelectionCriteria(3)), TestActor);
        ExpectMsg<DeleteSnapshotsSuccess>(Timeout);
        Assert.Null(Load("p1", new SnapshotSelectionCriteria(3)));
        Assert.Equal(5, Load("p1", SnapshotSelectionCriteria.Latest)!.Metadata.SequenceNr);
        Assert.Equal(3, Load("p2", new SnapshotSelectionCriteria(3))!.Metadata.SequenceNr);

        SnapshotStore.Tell(new DeleteSnapshots("p1", SnapshotSelectionCriteria.Latest), TestActor);
        ExpectMsg<DeleteSnapshotsSuccess>(Timeout);
        Assert.Null(Load("p1", SnapshotSelectionCriteria.Latest));
    }
}
