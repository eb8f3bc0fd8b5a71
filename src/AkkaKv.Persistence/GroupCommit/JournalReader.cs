using System.Data.Common;
using System.Data;
using Akka.Actor;
using Akka.Persistence;
using AkkaKv.Persistence.Sql;

namespace AkkaKv.Persistence.GroupCommit;

/// <summary>
/// Replay and highest sequence number, each on its own pooled connection so they never queue behind
/// the group-commit writer. A read starts after the writes it must see were acknowledged, i.e. committed,
/// so a fresh connection's snapshot (WAL or MVCC) always includes them. Deletion runs on the group-commit writer's
/// connection (<see cref="DeleteMessagesTo"/> is handed to it as maintenance work).
/// </summary>
internal sealed class JournalReader(SqlDialect dialect, string connectionString, PayloadSerializer serializer)
{
    private const string J = SqlDialect.JournalTable;
    private const string M = SqlDialect.MetadataTable;

    private bool Sqlite => dialect.Provider == DatabaseProvider.Sqlite;

    private Blocks.JournalIndex Index =>
        Blocks.JournalIndex.For(connectionString).Loaded(() => (Microsoft.Data.Sqlite.SqliteConnection)dialect.Open(connectionString));

    public void Replay(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        if (max <= 0 || fromSequenceNr > toSequenceNr)
        {
            return;
        }

        if (Sqlite)
        {
            using var blocks = (Microsoft.Data.Sqlite.SqliteConnection)dialect.Open(connectionString);
            Blocks.BlockReader.Replay(blocks, Index, persistenceId, fromSequenceNr, toSequenceNr, max, row =>
                recoveryCallback(ToPersistent(persistenceId, row.SequenceNr, row.Timestamp, row.Manifest, row.WriterUuid, serializer.Deserialize(row.Payload))));
            return;
        }

        using var connection = dialect.Open(connectionString);
        using var command = connection.CreateCommand(
            $"SELECT sequence_nr, created, manifest, writer_uuid, serializer_id, serializer_manifest, payload FROM {J} " +
            "WHERE persistence_id = @pid AND sequence_nr >= @from AND sequence_nr <= @to ORDER BY sequence_nr LIMIT @max");
        command.AddParameter("@pid", DbType.String, persistenceId);
        command.AddParameter("@from", DbType.Int64, fromSequenceNr);
        command.AddParameter("@to", DbType.Int64, toSequenceNr);
        command.AddParameter("@max", DbType.Int64, max);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var payload = serializer.Deserialize(new SerializedPayload(reader.GetInt32(4), reader.GetString(5), (byte[])reader.GetValue(6)));
            recoveryCallback(ToPersistent(persistenceId, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), payload));
        }
    }

    private static Persistent ToPersistent(string persistenceId, long sequenceNr, long timestamp, string manifest, string writerUuid, object payload) => new(
        payload,
        sequenceNr: sequenceNr,
        persistenceId: persistenceId,
        manifest: manifest,
        isDeleted: false,
        sender: ActorRefs.NoSender,
        writerGuid: writerUuid,
        timestamp: timestamp);

    /// <summary>Highest of the surviving events and the number remembered when events were deleted (on SQLite, what
    /// the journal's index holds: every committed event's number).</summary>
    public long ReadHighestSequenceNr(string persistenceId)
    {
        if (Sqlite)
        {
            return Index.HighestSequenceNr(persistenceId);
        }

        using var connection = dialect.Open(connectionString);
        using var command = connection.CreateCommand(
            $"SELECT COALESCE(MAX(s), 0) FROM (SELECT MAX(sequence_nr) AS s FROM {J} WHERE persistence_id = @pid " +
            $"UNION ALL SELECT sequence_nr AS s FROM {M} WHERE persistence_id = @pid) t");
        command.AddParameter("@pid", DbType.String, persistenceId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the events up to <paramref name="toSequenceNr"/> inside <paramref name="transaction"/> (the
    /// group-commit writer's maintenance transaction).</summary>
    public void DeleteMessagesTo(DbConnection connection, DbTransaction transaction, string persistenceId, long toSequenceNr)
    {
        if (Sqlite)
        {
            // The events are hidden in the index now; their blocks go once all their events are deleted (compaction).
            var index = Index;
            var (highest, deletedTo) = index.DeleteTo(persistenceId, toSequenceNr);
            using var delete = connection.CreateCommand(Blocks.BlockSchema.UpsertMetadata, transaction);
            delete.AddParameter("@pid", DbType.String, persistenceId);
            delete.AddParameter("@highest", DbType.Int64, highest);
            delete.AddParameter("@deletedTo", DbType.Int64, deletedTo);
            try
            {
                delete.ExecuteNonQuery();
            }
            catch
            {
                index.Stale = true; // it hides events the file still has: the writer reloads it before its next transaction
                throw;
            }

            return;
        }

        // Remember the current highest before deleting, so deleting everything does not reset the sequence.
        using (var remember = connection.CreateCommand(
            $"INSERT INTO {M} (persistence_id, sequence_nr) SELECT persistence_id, MAX(sequence_nr) FROM {J} " +
            "WHERE persistence_id = @pid GROUP BY persistence_id " +
            $"ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = excluded.sequence_nr WHERE excluded.sequence_nr > {M}.sequence_nr",
            transaction))
        {
            remember.AddParameter("@pid", DbType.String, persistenceId);
            remember.ExecuteNonQuery();
        }

        using (var delete = connection.CreateCommand($"DELETE FROM {J} WHERE persistence_id = @pid AND sequence_nr <= @to", transaction))
        {
            delete.AddParameter("@pid", DbType.String, persistenceId);
            delete.AddParameter("@to", DbType.Int64, toSequenceNr);
            delete.ExecuteNonQuery();
        }
    }
}
