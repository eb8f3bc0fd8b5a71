using Akka.Actor;
using AkkaKv.Persistence.Blocks;
using AkkaKv.Persistence.GroupCommit;
using AkkaKv.Persistence.Sql;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

/// <summary>
/// The block journal's writer on its own, on a real SQLite file: blocks whose events are all deleted go, the live events
/// of old, mostly deleted blocks are copied forward, and a journal that opens the file afterwards sees the same events.
/// </summary>
public sealed class SqliteBlockCompactionTests : PluginTestKit
{
    public SqliteBlockCompactionTests(ITestOutputHelper output)
        : base(new SqliteTestDatabase(), output)
    {
    }

    private string ConnectionString => Database.Options.ConnectionString;

    [Fact]
    public void A_rarely_deleted_id_does_not_keep_the_blocks_of_deleted_events_and_its_own_events_survive_a_reopen()
    {
        SqliteDialect.Instance.EnsureJournalSchema(ConnectionString);
        var index = JournalIndex.For(ConnectionString);
        using (var inserter = OpenInserter(index))
        {
            // Ten group commits, each one event of a hot id and one of a cold id: ten blocks.
            for (var i = 1; i <= 10; i++)
            {
                Insert(inserter, ("hot", i), ("cold", i));
            }

            Assert.Equal(10, Blocks());
            Assert.Equal((20L, 20L), index.Counts);

            // The hot id deletes everything, the cold one only its first two: 8 of the 20 stored events are live, and
            // every block still holds one of them but the first two.
            Delete(inserter, "hot", 10);
            Delete(inserter, "cold", 2);
            Assert.Equal((20L, 8L), index.Counts);
            inserter.Compact();

            // Blocks 1-2 held only deleted events: gone. Blocks 3-9 were copied forward into one (the newest, block 10,
            // is left as it is): two blocks, 9 stored events (the hot id's 10th is still in block 10), 8 of them live.
            Assert.Equal(2, Blocks());
            Assert.Equal((9L, 8L), index.Counts);
            Assert.Equal(Enumerable.Range(3, 8).Select(i => $"cold-{i}"), Replay("cold"));
            Assert.Empty(Replay("hot"));

            // Writes go on after the copy: above the highest number, not at or below it.
            Insert(inserter, ("cold", 11));
            Assert.NotNull(Insert(inserter, ("cold", 5)).Single().Rejection);
        }

        // A journal that opens the file rebuilds the same index from it.
        JournalIndex.Forget(ConnectionString, JournalIndex.For(ConnectionString));
        SqliteDialect.Instance.EnsureJournalSchema(ConnectionString);
        var reopened = JournalIndex.For(ConnectionString);
        Assert.Equal((10L, 9L), reopened.Counts);
        Assert.Equal(Enumerable.Range(3, 9).Select(i => $"cold-{i}"), Replay("cold"));
        Assert.Equal(10, reopened.HighestSequenceNr("hot"));
        Assert.Equal(11, reopened.HighestSequenceNr("cold"));
        JournalIndex.Forget(ConnectionString, JournalIndex.For(ConnectionString));
    }

    [Fact]
    public async Task Replays_running_while_compaction_moves_their_events_see_every_event_once_and_in_order()
    {
        SqliteDialect.Instance.EnsureJournalSchema(ConnectionString);
        var index = JournalIndex.For(ConnectionString);
        using var inserter = OpenInserter(index);
        long cold = 0;
        using var stop = new CancellationTokenSource();
        var replays = 0;
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var written = Interlocked.Read(ref cold);
                var seen = Replay("cold");
                // Everything written before the replay began, and nothing twice or out of order.
                Assert.True(seen.Count >= written, $"replay saw {seen.Count} of {written} cold events");
                Assert.Equal(Enumerable.Range(1, seen.Count).Select(i => $"cold-{i}"), seen);
                replays++;
            }
        });

        long hot = 0;
        for (var round = 0; round < 15; round++)
        {
            // Ten blocks, each 20 events of the hot id and one of the cold one; the hot id then deletes all it has,
            // so the file holds far more events than are live and compaction copies the cold ones forward (those it
            // copied the round before too), under the reader's feet.
            for (var i = 0; i < 10; i++)
            {
                Insert(inserter, [.. Enumerable.Range(0, 20).Select(_ => ("hot", ++hot)), ("cold", cold + 1)]);
                Interlocked.Increment(ref cold);
            }

            Delete(inserter, "hot", hot);
            await Task.Delay(110); // compaction runs at most every 100 ms
            inserter.Compact();
        }

        await stop.CancelAsync();
        await reader.WaitAsync(Timeout);
        Assert.True(replays > 10, $"{replays} replays ran alongside");
        Assert.Equal(Enumerable.Range(1, 150).Select(i => $"cold-{i}"), Replay("cold"));
        // The copy and the newest block (never copied), against 150 blocks written.
        Assert.Equal(2, Blocks());
        JournalIndex.Forget(ConnectionString, index);
    }

    private BlockInserter OpenInserter(JournalIndex index)
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return new BlockInserter(connection, index, copyForwardSlack: 0);
    }

    private List<WriteRequest> Insert(BlockInserter inserter, params (string Pid, long Seq)[] events)
    {
        var serializer = new PayloadSerializer((ExtendedActorSystem)Sys);
        var batch = events
            .Select(e => (WriteRequest)new AppendRequest(
                [new JournalRow(e.Pid, e.Seq, 1, string.Empty, "w", serializer.Serialize($"{e.Pid}-{e.Seq}"))], NoCallback.Instance))
            .ToList();
        inserter.Insert(batch);
        return batch;
    }

    /// <summary>A delete as the journal runs it: in a maintenance transaction on the writer's connection.</summary>
    private void Delete(BlockInserter inserter, string pid, long to)
    {
        var connection = inserter.Connection;
        using var transaction = connection.BeginTransaction();
        Reader().DeleteMessagesTo(connection, transaction, pid, to);
        transaction.Commit();
    }

    private List<string> Replay(string pid)
    {
        var payloads = new List<string>();
        Reader().Replay(pid, 1, long.MaxValue, long.MaxValue, p => payloads.Add((string)p.Payload));
        return payloads;
    }

    private JournalReader Reader() => new(SqliteDialect.Instance, ConnectionString, new PayloadSerializer((ExtendedActorSystem)Sys));

    private long Blocks()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM akkakv_journal_blocks";
        return (long)command.ExecuteScalar()!;
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
