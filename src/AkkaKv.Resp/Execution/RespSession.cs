using AkkaKv.Messages;

namespace AkkaKv.Resp.Execution;

/// <summary>What a client has set on its connection: CLIENT SETNAME, HELLO's protocol, AUTH, MULTI and WATCH.</summary>
public sealed class RespSession(long id, string remoteAddress)
{
    public long Id { get; } = id;

    public string RemoteAddress { get; } = remoteAddress;

    public DateTimeOffset ConnectedAt { get; } = DateTimeOffset.UtcNow;

    public string? Name { get; set; }

    public string? LibraryName { get; set; }

    public string? LibraryVersion { get; set; }

    public bool Authenticated { get; set; }

    /// <summary>2 or 3 (HELLO 3); the connection's writer follows it.</summary>
    public int Protocol { get; set; } = 2;

    public Commands.RespCommand? LastCommand { get; set; }

    /// <summary>Read consistency of this connection's GETs of replicated keys (READONLY: local; CLIENT CONSISTENCY);
    /// starts at the node's default.</summary>
    public AkkaKv.Replication.ReadConsistency ReadConsistency { get; set; }

    /// <summary>Write consistency of this connection's writes of replicated keys; null: the node's default.</summary>
    public AkkaKv.Replication.WriteConsistency? WriteConsistency { get; set; }

    /// <summary>Set by QUIT: reply, flush, close.</summary>
    public bool Closing { get; set; }

    /// <summary>Commands queued by MULTI, null outside a transaction.</summary>
    public List<QueuedCommand>? Transaction { get; set; }

    /// <summary>A command was refused while queuing: EXEC answers EXECABORT, as Redis does.</summary>
    public bool TransactionFailed { get; set; }

    /// <summary>Keys under WATCH and the revision each had when watched (null: absent).</summary>
    public Dictionary<string, WatchedKey> Watches { get; } = new(StringComparer.Ordinal);
}

/// <summary>A command queued inside MULTI: its plan, run at EXEC.</summary>
public sealed record QueuedCommand(CommandPlan Plan);

