using Akka.Actor;
using Akka.Persistence;
using AkkaKv.Persistence.GroupCommit;
using AkkaKv.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>SQLite's metadata rows (each persistence id's chain head and highest sequence number) are written back
/// lazily: until then readers find the newer heads in the journal itself, and a writer that opens the file after a crash
/// writes them back first.</summary>
public sealed class SqliteHeldBackHeadsTests : PluginTestKit
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    public SqliteHeldBackHeadsTests(ITestOutputHelper output)
        : base(new SqliteTestDatabase(), output)
    {
        SqliteDialect.Instance.EnsureJournalSchema(ConnectionString);
    }

    private string ConnectionString => Database.Options.ConnectionString;

    [Fact]
    public void Events_whose_heads_are_held_back_are_replayed_and_counted_and_a_reopened_file_writes_the_heads_back()
    {
        // Written by a writer that then "crashes": never disposed, so its heads are never written back.
        var crashed = OpenInserter(Never);
        Insert(crashed, ("p1", 1), ("p1", 2), ("p1", 3), ("p2", 1));
        Insert(crashed, ("p1", 4));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM akkakv_metadata"));

        var reader = new JournalReader(SqliteDialect.Instance, ConnectionString, new PayloadSerializer((ExtendedActorSystem)Sys));
        Assert.Equal([1L, 2, 3, 4], Replay(reader, "p1"));
        Assert.Equal([1L], Replay(reader, "p2"));
        Assert.Equal(4, reader.ReadHighestSequenceNr("p1"));
        Assert.Equal(1, reader.ReadHighestSequenceNr("p2"));
        Assert.Equal([3L, 4], Replay(reader, "p1", from: 3));

        // The next start: the heads are written back before anything reads.
        SqliteDialect.Instance.EnsureJournalSchema(ConnectionString);
        Assert.Equal(4, Scalar("SELECT sequence_nr FROM akkakv_metadata WHERE persistence_id = 'p1'"));
        Assert.Equal(Scalar("SELECT MAX(ordering) FROM akkakv_journal"), Scalar("SELECT through FROM akkakv_journal_heads"));
        Assert.Equal([1L, 2, 3, 4], Replay(reader, "p1"));
        Assert.Equal(4, reader.ReadHighestSequenceNr("p1"));

        // And a new writer still refuses a sequence number already stored, and continues the chain.
        using var next = OpenInserter(Never);
        var repeated = Insert(next, ("p1", 4));
        Assert.NotNull(repeated[0].Rejection);
        Insert(next, ("p1", 5));
        Assert.Equal([1L, 2, 3, 4, 5], Replay(reader, "p1"));
        crashed.Connection.Dispose();
    }

    [Fact]
    public void A_writer_that_opens_the_file_writes_back_the_heads_its_predecessor_held()
    {
        var crashed = OpenInserter(Never);
        Insert(crashed, ("p1", 1), ("p1", 2));

        // Opened while the first is still holding its heads (a writer restarted in-process after a failed batch).
        using var next = OpenInserter(Never);
        Assert.Equal(2, Scalar("SELECT sequence_nr FROM akkakv_metadata WHERE persistence_id = 'p1'"));
        Insert(next, ("p1", 3));

        var reader = new JournalReader(SqliteDialect.Instance, ConnectionString, new PayloadSerializer((ExtendedActorSystem)Sys));
        Assert.Equal([1L, 2, 3], Replay(reader, "p1"));
        crashed.Connection.Dispose();
    }

    [Fact]
    public void Closing_a_writer_writes_its_heads_back_and_the_interval_bounds_how_long_they_wait()
    {
        using (var closing = OpenInserter(Never))
        {
            Insert(closing, ("p1", 1), ("p2", 1));
            Assert.Equal(0, Scalar("SELECT COUNT(*) FROM akkakv_metadata"));
        }

        Assert.Equal(2, Scalar("SELECT COUNT(*) FROM akkakv_metadata"));
        Assert.Equal(Scalar("SELECT MAX(ordering) FROM akkakv_journal"), Scalar("SELECT through FROM akkakv_journal_heads"));

        // With no interval, every batch writes its heads back.
        using var eager = OpenInserter(TimeSpan.Zero);
        Insert(eager, ("p3", 1));
        Assert.Equal(1, Scalar("SELECT sequence_nr FROM akkakv_metadata WHERE persistence_id = 'p3'"));
    }

    private SqliteJournalInserter OpenInserter(TimeSpan headsWriteBackInterval)
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return new SqliteJournalInserter(connection, headsWriteBackInterval);
    }

    private List<WriteRequest> Insert(SqliteJournalInserter inserter, params (string Pid, long Seq)[] events)
    {
        var serializer = new PayloadSerializer((ExtendedActorSystem)Sys);
        var batch = events
            .Select(e => (WriteRequest)new AppendRequest(
                [new JournalRow(e.Pid, e.Seq, 1, string.Empty, "w", serializer.Serialize($"{e.Pid}-{e.Seq}"))], NoCallback.Instance))
            .ToList();
        inserter.Insert(batch);
        return batch;
    }

    private static List<long> Replay(JournalReader reader, string pid, long from = 1)
    {
        var seqs = new List<long>();
        reader.Replay(pid, from, long.MaxValue, long.MaxValue, p => seqs.Add(p.SequenceNr));
        return seqs;
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class NoCallback : IAppendCallback
    {
        public static readonly NoCallback Instance = new();

        public void Committed()
        {
        }

        public void Failed(Exception cause, bool mayHaveCommitted)
        {
        }
    }
}
