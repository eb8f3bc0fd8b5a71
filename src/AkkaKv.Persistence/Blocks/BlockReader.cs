using AkkaKv.Persistence.GroupCommit;
using Microsoft.Data.Sqlite;

namespace AkkaKv.Persistence.Blocks;

/// <summary>
/// Replay from a block journal: the index says where each event is, and each record is read on its own through
/// SQLite's incremental blob I/O (only the pages holding it). A block can be removed between looking an event up and
/// reading it only if the index and the file were seen at different moments; each attempt begins its read transaction
/// under the index's lock as it looks the events up (see <see cref="JournalIndex.CommitMoves"/>), so that does not
/// happen, and the retry is a second line of defence. The read transaction keeps the blocks it sees while it reads.
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
            using var transaction = connection.BeginTransaction(deferred: true);
            try
            {
                // The lookup and the start of the read transaction happen under the index's lock, which a commit that
                // removes blocks holds until the index has caught up with it: the file this reads is the one the index
                // describes. The first statement starts the read transaction, and reloads the connection's schema if it
                // is out of date (blob I/O does not: a pooled connection could report the table missing).
                var locations = index.Locate(persistenceId, next, to, max - delivered, () =>
                {
                    using var start = connection.CreateCommand();
                    start.Transaction = transaction;
                    start.CommandText = $"SELECT 1 FROM {BlockSchema.BlocksTable} LIMIT 1";
                    start.ExecuteScalar();
                });
                if (locations.Count == 0)
                {
                    return;
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
