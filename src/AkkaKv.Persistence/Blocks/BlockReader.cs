using AkkaKv.Persistence.GroupCommit;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// Replay from a block journal: the index says where each event is, and each record is read on its own through
/// SQLite's incremental blob I/O (only the pages holding it). A block can be removed between looking an event up and
/// reading it (its events copied forward by compaction); the replay then looks the rest up again. Each attempt reads in
/// one read transaction, begun after the lookup: it sees every block the lookup can name (the index learns of a block
/// only once it has committed), and keeps the blocks it sees while it reads.
/// </summary>
internal static class BlockReader
{
    private const int Attempts = 5;

    public static void Replay(SqliteConnection connection, JournalIndex index, string persistenceId, long from, long to, long max, Action<JournalRow> deliver)
    {
        var next = from;
        var delivered = 0L;
        for (var attempt = 1; ; attempt++)
        {
            var locations = index.Locate(persistenceId, next, to, max - delivered);
            if (locations.Count == 0)
            {
                return;
            }

            using var transaction = connection.BeginTransaction(deferred: true);
            try
            {
                // The first statement starts the read transaction, and reloads the connection's schema if it is out of
                // date (blob I/O does not: a pooled connection could report the table missing).
                using (var start = connection.CreateCommand())
                {
                    start.Transaction = transaction;
                    start.CommandText = $"SELECT 1 FROM {BlockSchema.BlocksTable} LIMIT 1";
                    start.ExecuteScalar();
                }

                foreach (var location in locations)
                {
                    var row = Read(connection, location);
                    if (row.PersistenceId != persistenceId || row.SequenceNr != location.SequenceNr)
                    {
                        throw new InvalidDataException(
                            $"journal block {location.Block} at {location.Offset} holds {row.PersistenceId}/{row.SequenceNr}, not {persistenceId}/{location.SequenceNr}");
                    }

                    deliver(row);
                    delivered++;
                    next = row.SequenceNr + 1;
                }

                return;
            }
            catch (SqliteException e) when (attempt < Attempts && IsGone(e))
            {
                // Moved since it was looked up: look up what is left.
            }
        }
    }

    private static JournalRow Read(SqliteConnection connection, EventLocation location)
    {
        var record = new byte[location.Length];
        using (var blob = new SqliteBlob(connection, BlockSchema.BlocksTable, "data", location.Block, readOnly: true))
        {
            blob.Position = location.Offset;
            blob.ReadExactly(record);
        }

        return BlockFormat.Read(record);
    }

    // No such row (SQLITE_ERROR from sqlite3_blob_open), or the row removed while the blob was open (SQLITE_ABORT).
    private static bool IsGone(SqliteException e) => e.SqliteErrorCode is 1 or 4;
}
