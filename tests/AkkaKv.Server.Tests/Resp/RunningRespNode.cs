using AkkaKv.TestSupport;

namespace AkkaKv.Server.Tests.Resp;

/// <summary>One node shared by the RESP tests of a class (start-up costs seconds), like <see cref="RunningNode"/>; each
/// test uses keys of its own. Subclasses choose the node's settings, since xunit builds class fixtures without arguments.</summary>
public abstract class RunningRespNode : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    public ServerProcess Server { get; private set; } = null!;

    public int Port => Server.RespPort;

    protected virtual string[] Settings => [];

    public async Task InitializeAsync() => Server = await ServerProcess.StartAsync(_dir.Path, Settings);

    public async Task DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        _dir.Dispose();
    }
}

/// <summary>The default node: store mode on the embedded SQLite journal.</summary>
public sealed class StoreRespNode : RunningRespNode
{
    protected override string[] Settings => ["--AkkaKv:Limits:MaxValueBytes=65536"];
}

/// <summary>A cache-mode node (no journal).</summary>
public sealed class CacheRespNode : RunningRespNode
{
    protected override string[] Settings => ["--AkkaKv:Mode=Cache", "--AkkaKv:Limits:MaxValueBytes=65536"];
}

/// <summary>A node that drops clients after 2 s of not reading their replies, and takes values up to 64 KiB.</summary>
public sealed class StallingClientsRespNode : RunningRespNode
{
    public static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(2);

    protected override string[] Settings => ["--AkkaKv:Resp:OutputStallTimeout=00:00:02", "--AkkaKv:Limits:MaxValueBytes=65536"];
}

/// <summary>A node with a password: clients must AUTH first.</summary>
public sealed class PasswordRespNode : RunningRespNode
{
    public const string Password = "s3cret-pass";

    protected override string[] Settings => [$"--AkkaKv:Resp:Password={Password}"];
}

/// <summary>A cache-mode node with a 16 MiB memory budget (allkeys-lru until a test changes it).</summary>
public sealed class BudgetedCacheRespNode : RunningRespNode
{
    public const long Budget = 16 * 1024 * 1024;

    protected override string[] Settings => ["--AkkaKv:Mode=Cache", "--AkkaKv:Memory:MaxMemory=16mb"];
}

/// <summary>A cache-mode node whose replicated keyspaces (the default, /_sys/) may hold at most 20 live keys.</summary>
public sealed class ReplicatedRespNode : RunningRespNode
{
    public const int MaxKeys = 20;

    protected override string[] Settings => ["--AkkaKv:Mode=Cache", $"--AkkaKv:Replication:MaxKeys={MaxKeys}"];
}
