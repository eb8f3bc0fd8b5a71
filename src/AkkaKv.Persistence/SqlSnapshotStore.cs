using System.Data;
using System.Data.Common;
using System.Text;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Snapshot;
using AkkaKv.Persistence.Sql;

namespace AkkaKv.Persistence;

/// <summary>
/// Snapshot store over the same database as the journal: one row per (persistence_id, sequence_nr).
/// Saves and deletes are handed to the journal's group-commit writer when it runs on the same database (see
/// <see cref="GroupCommit.MaintenanceRequest"/>: on their own connections they fought the writer for SQLite's one write
/// lock); without a running journal, each uses a pooled connection of its own. Loads read on their own connection.
/// </summary>
public sealed class SqlSnapshotStore : SnapshotStore
{
    private const string S = SqlDialect.SnapshotTable;
    private readonly PluginSettings _settings;
    private readonly PayloadSerializer _serializer;

    public SqlSnapshotStore(Config config)
    {
        _settings = PluginSettings.FromConfig(config);
        _serializer = new PayloadSerializer((ExtendedActorSystem)Context.System);
    }

    protected override void PreStart()
    {
        _settings.Dialect.EnsureSchema(_settings.ConnectionString, _settings.Dialect.SnapshotSchema);
        base.PreStart();
    }

    protected override Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        BlockingReads.Run(() => Load(persistenceId, criteria)); // not on the thread pool: see BlockingReads

    private SelectedSnapshot? Load(string persistenceId, SnapshotSelectionCriteria criteria)
    {
        using var connection = _settings.Dialect.Open(_settings.ConnectionString);
        using var command = connection.CreateCommand(
            $"SELECT sequence_nr, created, serializer_id, serializer_manifest, payload FROM {S} WHERE {Where(criteria)} " +
            "ORDER BY sequence_nr DESC LIMIT 1");
        AddCriteria(command, persistenceId, criteria);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var metadata = new SnapshotMetadata(persistenceId, reader.GetInt64(0), new DateTime(reader.GetInt64(1), DateTimeKind.Utc));
        var snapshot = _serializer.Deserialize(new SerializedPayload(reader.GetInt32(2), reader.GetString(3), (byte[])reader.GetValue(4)));
        return new SelectedSnapshot(metadata, snapshot);
    }

    protected override Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken)
    {
        // Serialize on the actor thread (Akka serialization needs no lock but errors surface sooner here).
        var payload = _serializer.Serialize(snapshot);
        return Write((connection, transaction) => Save(connection, transaction, metadata, payload), cancellationToken);
    }

    /// <summary>Runs a write on the journal writer's connection when there is one, else on a connection of its own on
    /// one of the <see cref="BlockingReads"/> threads. Not on the thread pool: a blocking write there waited for a free
    /// pool thread, and a snapshot save in the Persistence tests timed out after 20 s while the pool was short of them
    /// (and the machine busy compiling, when the pool adds none).</summary>
    private Task Write(Action<DbConnection, DbTransaction?> work, CancellationToken cancellationToken)
    {
        if (GroupCommit.GroupCommitWriter.Find(_settings.ConnectionString) is { } writer)
        {
            return writer.RunMaintenance((connection, transaction) => work(connection, transaction));
        }

        // Continuations run on the thread that completes it: the store's reply is one Tell, with no pool thread needed.
        var done = new TaskCompletionSource();
        BlockingReads.Run(
            () =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var connection = _settings.Dialect.Open(_settings.ConnectionString))
                {
                    work(connection, null);
                }

                done.SetResult();
            },
            e => _ = e is OperationCanceledException ? done.TrySetCanceled(cancellationToken) : done.TrySetException(e));
        return done.Task;
    }

    private static void Save(DbConnection connection, DbTransaction? transaction, SnapshotMetadata metadata, SerializedPayload payload)
    {
        using var command = connection.CreateCommand(
            $"INSERT INTO {S} (persistence_id, sequence_nr, created, serializer_id, serializer_manifest, payload) " +
            "VALUES (@pid, @seq, @created, @sid, @smf, @payload) ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET " +
            "created = excluded.created, serializer_id = excluded.serializer_id, serializer_manifest = excluded.serializer_manifest, payload = excluded.payload",
            transaction);
        command.AddParameter("@pid", DbType.String, metadata.PersistenceId);
        command.AddParameter("@seq", DbType.Int64, metadata.SequenceNr);
        command.AddParameter("@created", DbType.Int64, ToTicks(metadata.Timestamp));
        command.AddParameter("@sid", DbType.Int32, payload.SerializerId);
        command.AddParameter("@smf", DbType.String, payload.Manifest);
        command.AddParameter("@payload", DbType.Binary, payload.Bytes);
        command.ExecuteNonQuery();
    }

    protected override Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken) =>
        Write(
            (connection, transaction) =>
            {
                // Akka's metadata may carry no timestamp (DateTime.MinValue): then the pair alone identifies the snapshot.
                var byTime = metadata.Timestamp != DateTime.MinValue;
                using var command = connection.CreateCommand(
                    $"DELETE FROM {S} WHERE persistence_id = @pid AND sequence_nr = @seq" + (byTime ? " AND created = @created" : string.Empty),
                    transaction);
                command.AddParameter("@pid", DbType.String, metadata.PersistenceId);
                command.AddParameter("@seq", DbType.Int64, metadata.SequenceNr);
                if (byTime)
                {
                    command.AddParameter("@created", DbType.Int64, ToTicks(metadata.Timestamp));
                }

                command.ExecuteNonQuery();
            },
            cancellationToken);

    protected override Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken) =>
        Write(
            (connection, transaction) =>
            {
                using var command = connection.CreateCommand($"DELETE FROM {S} WHERE {Where(criteria)}", transaction);
                AddCriteria(command, persistenceId, criteria);
                command.ExecuteNonQuery();
            },
            cancellationToken);

    private static string Where(SnapshotSelectionCriteria criteria)
    {
        var sql = new StringBuilder("persistence_id = @pid AND sequence_nr <= @maxSeq AND created <= @maxTime");
        if (criteria.MinSequenceNr > 0)
        {
            sql.Append(" AND sequence_nr >= @minSeq");
        }

        if (criteria.MinTimestamp is not null)
        {
            sql.Append(" AND created >= @minTime");
        }

        return sql.ToString();
    }

    private static void AddCriteria(System.Data.Common.DbCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.AddParameter("@pid", DbType.String, persistenceId);
        command.AddParameter("@maxSeq", DbType.Int64, criteria.MaxSequenceNr);
        command.AddParameter("@maxTime", DbType.Int64, ToTicks(criteria.MaxTimeStamp));
        if (criteria.MinSequenceNr > 0)
        {
            command.AddParameter("@minSeq", DbType.Int64, criteria.MinSequenceNr);
        }

        if (criteria.MinTimestamp is { } minTime)
        {
            command.AddParameter("@minTime", DbType.Int64, ToTicks(minTime));
        }
    }

    // Ticks rather than a timestamp column: exact round trip of DateTime on both databases, and plain integer comparisons.
    private static long ToTicks(DateTime time) => time.Ticks;
}
