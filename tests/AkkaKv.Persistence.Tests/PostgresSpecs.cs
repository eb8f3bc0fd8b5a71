using Xunit.Abstractions;

namespace AkkaKv.Persistence.Tests;

// Each test gets its own database; these fail (not skip) when AKKAKV_TEST_POSTGRES is unset.
public sealed class PostgresJournalSpec(ITestOutputHelper output) : JournalSpec(new PostgresTestDatabase(), output);

public sealed class PostgresSnapshotStoreSpec(ITestOutputHelper output) : SnapshotStoreSpec(new PostgresTestDatabase(), output);
