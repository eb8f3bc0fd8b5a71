using AkkaKv.Persistence;

namespace AkkaKv.Persistence.Tests;

/// <summary>A database that lives exactly as long as one test: created fresh, removed in Dispose.</summary>
public abstract class TestDatabase : IDisposable
{
    public abstract JournalOptions Options { get; }

    public abstract void Dispose();
}
