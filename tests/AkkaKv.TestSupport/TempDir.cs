namespace AkkaKv.TestSupport;

/// <summary>A directory of its own for one test, deleted afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("akkakv-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a finishing SQLite connection; the OS temp cleaner will take it.
        }
    }
}
