using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

public sealed class SqliteJournalSpec(ITestOutputHelper output) : JournalSpec(new SqliteTestDatabase(), output);

public sealed class SqliteSnapshotStoreSpec(ITestOutputHelper output) : SnapshotStoreSpec(new SqliteTestDatabase(), output);
