using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests;

/// <summary>One server shared by the tests of a class (start-up costs seconds); each test uses keys of its own.</summary>
public sealed class RunningNode : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public ServerProcess Server { get; private set; } = null!;

    public HttpClient Http => Server.Http;

    public async Task InitializeAsync() =>
        Server = await ServerProcess.StartAsync(_dir.Path, "--AkkaKv:Limits:MaxValueBytes=65536");

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _dir.Dispose();
    }
}
