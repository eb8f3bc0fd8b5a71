using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>
/// SQLite-only behaviour of the block journal: upgrade of a file written with the first schema
/// (PRIMARY KEY (persistence_id, sequence_nr)), the sequence-number guard that replaced that primary key, and blocks
/// removed once their events are deleted.
/// </summary>
public sealed class SqliteJournalSchemaTests : PluginTestKit
{
    public SqliteJournalSchemaTests(ITestOutputHelper output)
        : base(new SqliteTestDatabase(), output)
    {
    }

    private string ConnectionString => Database.Options.ConnectionString;

    /// <summary>
    /// The first schema, with p1 = 1..3, p2 = 1..2 (stored out of order), p3 deleted up to 7, p1 once deleted up to 1 only.
    /// Must run before the journal is first used (the plugin starts, and upgrades the file, on first use).
    /// </summary>
    private void CreateFirstSchemaFile()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode=WAL;
            CREATE TABLE akkakv_journal (persistence_id TEXT NOT NULL, sequence_nr BIGINT NOT NULL, created BIGINT NOT NULL, manifest TEXT NOT NULL,
              writer_uuid TEXT NOT NULL, serializer_id INTEGER NOT NULL, serializer_manifest TEXT NOT NULL, payload BLOB NOT NULL,
              PRIMARY KEY (persistence_id, sequence_nr));
            CREATE TABLE akkakv_metadata (persistence_id TEXT NOT NULL PRIMARY KEY, sequence_nr BIGINT NOT NULL);
            """;
        command.ExecuteNonQuery();
        foreach (var (pid, seq) in new[] { ("p2", 2L), ("p1", 1L), ("p1", 3L), ("p2", 1L), ("p1", 2L) })
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO akkakv_journal VALUES (@pid, @seq, 1, '', 'w', @sid, @smf, @payload)";
            insert.Parameters.AddWithValue("@pid", pid);
            insert.Parameters.AddWithValue("@seq", seq);
            BindPayload(insert, $"{pid}-{seq}");
            insert.ExecuteNonQuery();
        }

        command.CommandText = "INSERT INTO akkakv_metadata VALUES ('p3', 7), ('p1', 1)";
        command.ExecuteNonQuery();
    }

    /// <summary>Binds @sid, @smf and @payload as the journal stores <paramref name="payload"/>.</summary>
    private void BindPayload(SqliteCommand insert, string payload)
    {
        var serializer = Sys.Serialization.FindSerializerFor(payload);
        insert.Parameters.AddWithValue("@sid", serializer.Identifier);
        insert.Parameters.AddWithValue("@smf", Akka.Serialization.Serialization.ManifestFor(serializer, payload));
        insert.Parameters.AddWithValue("@payload", serializer.ToBinary(payload));
    }

    private (List<IPersistentRepresentation> Events, long Highest) Replay(string pid, long from = 1, long to = long.MaxValue)
    {
        var probe = CreateTestProbe();
        Journal.Tell(new ReplayMessages(from, to, long.MaxValue, pid, probe.Ref));
        var events = new List<IPersistentRepresentation>();
        while (true)
        {
            switch (probe.ExpectMsg<object>(Timeout))
            {
                case ReplayedMessage replayed:
                    events.Add(replayed.Persistent);
                    break;
                case RecoverySuccess success:
                    return (events, success.HighestSequenceNr);
                case var other:
                    throw new InvalidOperationException($"unexpected {other}");
            }
        }
    }

    private static AtomicWrite Atomic(string pid, params long[] seqs) =>
        new(seqs.Select(s => (IPersistentRepresentation)new Persistent($"{pid}-{s}", s, pid, string.Empty, false, ActorRefs.NoSender, "w")).ToImmutableList());

    [Fact]
    public void A_file_with_the_first_schema_is_upgraded_and_keeps_its_events_and_highest_numbers()
    {
        CreateFirstSchemaFile();
        var (p1, p1Highest) = Replay("p1");
        Assert.Equal(["p1-1", "p1-2", "p1-3"], p1.Select(e => (string)e.Payload));
        Assert.Equal(3, p1Highest);
        Assert.Equal([1L, 2], Replay("p2").Events.Select(e => e.SequenceNr));
        Assert.Equal([2L], Replay("p2", 2).Events.Select(e => e.SequenceNr));
        var (p3, p3Highest) = Replay("p3");
        Assert.Empty(p3);
        Assert.Equal(7, p3Highest);

        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages([Atomic("p1", 4, 5), Atomic("p3", 8)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ReceiveN(3, Timeout).ToList().ForEach(m => Assert.IsType<WriteMessageSuccess>(m));
        Assert.Equal([1L, 2, 3, 4, 5], Replay("p1").Events.Select(e => e.SequenceNr));
        Assert.Equal([8L], Replay("p3").Events.Select(e => e.SequenceNr));

        Journal.Tell(new DeleteMessagesTo("p1", 4, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(Timeout);
        Assert.Equal([5L], Replay("p1").Events.Select(e => e.SequenceNr));
        Assert.Equal(2, Replay("p2").Events.Count);
    }

    /// <summary>
    /// The row-per-event layout that came before blocks, as its last writer left it after a crash: p1 = 1..4 deleted up to
    /// 1, p2 = 1..2, the heads of p1's 3-4 and all of p2 not yet written back (past the heads table's point), p3 with
    /// every event deleted up to 9.
    /// </summary>
    private void CreateRowPerEventFile()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            PRAGMA journal_mode=WAL;
            {Sql.SqliteDialect.SqliteJournalTable};
            {Sql.SqliteDialect.SqliteMetadataTable};
            CREATE TABLE akkakv_journal_heads (id INTEGER PRIMARY KEY CHECK (id = 0), through INTEGER NOT NULL);
            INSERT INTO akkakv_journal_heads VALUES (0, 2);
            INSERT INTO akkakv_metadata VALUES ('p1', 2, 2, 1), ('p3', 9, NULL, 9);
            """;
        command.ExecuteNonQuery();
        foreach (var (ordering, pid, seq, prev) in new[] { (1L, "p1", 1L, 0L), (2, "p1", 2, 1), (3, "p1", 3, 2), (4, "p2", 1, 0), (5, "p1", 4, 3), (6, "p2", 2, 4) })
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO akkakv_journal VALUES (@o, @pid, @seq, @prev, 1, '', 'w', @sid, @smf, @payload)";
            insert.Parameters.AddWithValue("@o", ordering);
            insert.Parameters.AddWithValue("@pid", pid);
            insert.Parameters.AddWithValue("@seq", seq);
            insert.Parameters.AddWithValue("@prev", prev == 0 ? DBNull.Value : prev);
            BindPayload(insert, $"{pid}-{seq}");
            insert.ExecuteNonQuery();
        }
    }

    [Fact]
    public void A_file_with_one_row_per_event_moves_to_blocks_with_its_live_events_and_highest_numbers()
    {
        CreateRowPerEventFile();
        var (p1, p1Highest) = Replay("p1");
        Assert.Equal(["p1-2", "p1-3", "p1-4"], p1.Select(e => (string)e.Payload));
        Assert.Equal(4, p1Highest);
        Assert.Equal(["p2-1", "p2-2"], Replay("p2").Events.Select(e => (string)e.Payload));
        Assert.Equal(2, Replay("p2").Highest);
        Assert.Empty(Replay("p3").Events);
        Assert.Equal(9, Replay("p3").Highest);
        Assert.Equal(0, StoredEventsOf("p3"));
        Assert.Equal(3, StoredEventsOf("p1")); // the deleted event is not carried over

        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('akkakv_journal', 'akkakv_journal_heads')";
        Assert.Equal(0L, (long)tables.ExecuteScalar()!);

        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages([Atomic("p2", 3), Atomic("p3", 10)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ReceiveN(2, Timeout).ToList().ForEach(m => Assert.IsType<WriteMessageSuccess>(m));
        Assert.Equal([1L, 2, 3], Replay("p2").Events.Select(e => e.SequenceNr));
        Assert.Equal([10L], Replay("p3").Events.Select(e => e.SequenceNr));
    }

    [Fact]
    public void A_write_that_repeats_a_stored_sequence_number_fails_without_touching_other_writes()
    {
        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages([Atomic("n1", 1, 2)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ReceiveN(2, Timeout);

        // Several WriteMessages in a row usually share one group commit: only the repeating one may fail.
        var bad = CreateTestProbe();
        var good = CreateTestProbe();
        Journal.Tell(new WriteMessages([Atomic("n2", 1)], good.Ref, 1));
        Journal.Tell(new WriteMessages([Atomic("n1", 2, 3)], bad.Ref, 1));
        Journal.Tell(new WriteMessages([Atomic("n1", 3)], good.Ref, 1));
        bad.ExpectMsg<WriteMessagesFailed>(Timeout);
        bad.ExpectMsg<WriteMessageFailure>(m => m.Persistent.SequenceNr == 2, Timeout);
        bad.ExpectMsg<WriteMessageFailure>(m => m.Persistent.SequenceNr == 3, Timeout);
        good.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        good.ExpectMsg<WriteMessageSuccess>(Timeout);
        good.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        good.ExpectMsg<WriteMessageSuccess>(Timeout);

        Assert.Equal([1L, 2, 3], Replay("n1").Events.Select(e => e.SequenceNr));
        Assert.Equal(["n1-1", "n1-2", "n1-3"], Replay("n1").Events.Select(e => (string)e.Payload));
        Assert.Single(Replay("n2").Events);
    }

    [Fact]
    public void Deleted_events_are_hidden_at_once_and_a_block_goes_once_all_its_events_are_deleted()
    {
        var probe = CreateTestProbe();
        Journal.Tell(new WriteMessages([Atomic("d1", 1, 2, 3)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ReceiveN(3, Timeout);
        // Written after the first commit was answered: a block of its own.
        Journal.Tell(new WriteMessages([Atomic("d1", 4, 5), Atomic("d2", 1, 2)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ReceiveN(4, Timeout);
        Assert.Equal(5, StoredEventsOf("d1"));

        Journal.Tell(new DeleteMessagesTo("d1", 3, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(Timeout);

        Assert.Equal([4L, 5], Replay("d1").Events.Select(e => e.SequenceNr));
        Assert.Equal(5, Replay("d1").Highest);
        // The first block held only deleted events: compaction, right after the delete's transaction, removes it.
        AwaitAssert(() => Assert.Equal(2, StoredEventsOf("d1")), Timeout);
        Assert.Equal(2, StoredEventsOf("d2"));

        // Deleting past the highest number hides everything so far but not what is written next.
        Journal.Tell(new DeleteMessagesTo("d1", long.MaxValue, probe.Ref));
        probe.ExpectMsg<DeleteMessagesSuccess>(Timeout);
        Journal.Tell(new WriteMessages([Atomic("d1", 6)], probe.Ref, 1));
        probe.ExpectMsg<WriteMessagesSuccessful>(Timeout);
        probe.ExpectMsg<WriteMessageSuccess>(Timeout);
        Assert.Equal([6L], Replay("d1").Events.Select(e => e.SequenceNr));
        Assert.Equal(6, Replay("d1").Highest);
        Assert.Equal([1L, 2], Replay("d2").Events.Select(e => e.SequenceNr));
    }

    /// <summary>Events of <paramref name="pid"/> in the file's blocks, deleted or not.</summary>
    private long StoredEventsOf(string pid)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT data FROM akkakv_journal_blocks";
        using var reader = command.ExecuteReader();
        var count = 0L;
        while (reader.Read())
        {
            count += Blocks.BlockFormat.Records((byte[])reader.GetValue(0)).Count(r => r.Pid == pid);
        }

        return count;
    }
}
