using Akka.Actor;
using AkkaKv.Actors.Forwarding;
using AkkaKv.Actors.Replication;
using AkkaKv.Actors.Slots;
using AkkaKv.Keys;
using AkkaKv.Messages;
using AkkaKv.Replication;
using AkkaKv.Slots;

namespace AkkaKv.Actors.Gateway;

/// <summary>The one way front ends (HTTP now, RESP and the client library later) reach the keyspace: validates keys and
/// values, hashes the key to its slot, and serves it from the slot's owner — directly when the owner runs on this node
/// (<see cref="LocalSlots"/>), through the shard region otherwise.</summary>
public sealed class KvGateway : IDisposable
{
    private readonly IActorRef _region;
    private readonly LocalSlots _local;
    private readonly SlotHasher _hasher;
    private readonly TimeSpan _timeout;
    private readonly CoarseTimeouts _deadlines = new();

    public KvGateway(IActorRef region, LocalSlots local, SlotHasher hasher, KeyLimits limits, TimeSpan timeout, NodeReplication? replication = null)
    {
        _region = region;
        _local = local;
        _hasher = hasher;
        Limits = limits;
        _timeout = timeout;
        Replication = replication;
        _replicaReads = replication is { Enabled: true } ? new ReplicaReads(replication) : null;
    }

    private readonly ReplicaReads? _replicaReads;

    /// <summary>This node's replication (null in tests that run slots without it).</summary>
    public NodeReplication? Replication { get; }

    public KeyLimits Limits { get; }

    /// <summary>The shard region: how slots owned by other nodes are reached.</summary>
    public IActorRef Region => _region;

    public LocalSlots LocalSlots => _local;

    public SlotHasher Hasher => _hasher;

    public TimeSpan Timeout => _timeout;

    /// <summary>Shared request deadlines, for front ends that track replies themselves.</summary>
    public CoarseTimeouts Deadlines => _deadlines;

    public void Dispose() => _deadlines.Dispose();

    /// <summary>Reads a key at <paramref name="consistency"/> (the node's default when null). Only replicated keys have
    /// replicas: any other key is read from its owner, whatever the level.</summary>
    public async ValueTask<KvEntry?> GetAsync(string key, ReadConsistency? consistency = null, CancellationToken cancel = default)
    {
        ThrowIfInvalid(Limits.CheckKey(key));
        var slot = _hasher.SlotOf(key);
        var level = consistency ?? Replication?.Settings.Read ?? ReadConsistency.Linearizable;
        if (level != ReadConsistency.Linearizable && _replicaReads is not null && Replication!.IsReplicated(key))
        {
            return await _replicaReads.GetAsync(key, slot, level, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), cancel);
        }

        if (_local.Find(slot) is { } owned)
        {
            return owned.State.Find(key, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        var reply = await AskSlotAsync<GetReply>(new GetKey(slot, key), cancel);
        return reply.Entry;
    }

    /// <param name="consistency">For a replicated key: how many replicas must have the write before it is acknowledged
    /// (the node's default when null). Ignored for other keys, which have no replicas.</param>
    public Task<IWriteReply> PutAsync(string key, string value, long? expectedVersion, TimeSpan? ttl, WriteConsistency? consistency = null, CancellationToken cancel = default)
    {
        ThrowIfInvalid(Limits.CheckKey(key));
        ThrowIfInvalid(Limits.CheckValue(value));
        long? expiresAt = ttl is { } t ? DateTimeOffset.UtcNow.Add(t).ToUnixTimeMilliseconds() : null;
        return WriteAsync(new PutKey(_hasher.SlotOf(key), key, value, expectedVersion, expiresAt), consistency, cancel);
    }

    public Task<IWriteReply> DeleteAsync(string key, long? expectedVersion, WriteConsistency? consistency = null, CancellationToken cancel = default)
    {
        ThrowIfInvalid(Limits.CheckKey(key));
        return WriteAsync(new DeleteKey(_hasher.SlotOf(key), key, expectedVersion), consistency, cancel);
    }

    /// <summary>A cache-mode slot on this node decides the write on the caller's thread; otherwise the owner is asked.</summary>
    private Task<IWriteReply> WriteAsync(ISlotWrite write, WriteConsistency? consistency, CancellationToken cancel)
    {
        if (consistency is { } level && Replication is { } replication && replication.IsReplicated(write.Key))
        {
            return AskSlotAsync<IWriteReply>(new WithConsistency(write, level), cancel);
        }

        return _local.Find(write.Slot) is { } local && local.TryRunInline(write, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), out var reply)
            ? Task.FromResult((IWriteReply)reply!)
            : AskSlotAsync<IWriteReply>(write, cancel);
    }

    /// <summary>Keys with a prefix in ordinal order across all slots: each slot returns its first <paramref name="limit"/>
    /// matches after the cursor, and the merge keeps the smallest <paramref name="limit"/>.</summary>
    public async Task<ScanPage> ScanAsync(string prefix, string? after, int limit, CancellationToken cancel = default)
    {
        var asks = new Task<ScanReply>[_hasher.SlotCount];
        for (var slot = 0; slot < asks.Length; slot++)
        {
            asks[slot] = AskSlotAsync<ScanReply>(new ScanSlot(slot, prefix, after, limit), cancel);
        }

        var replies = await Task.WhenAll(asks);
        var merged = replies.SelectMany(r => r.Entries).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();
        var more = merged.Count > limit || replies.Any(r => r.More);
        var page = merged.Count > limit ? merged.GetRange(0, limit) : merged;
        return new ScanPage(page, more && page.Count > 0 ? page[^1].Key : null);
    }

    /// <summary>Starts a slot and waits until it has recovered.</summary>
    public Task<SlotReady> PingAsync(int slot, CancellationToken cancel = default) => AskSlotAsync<SlotReady>(new PingSlot(slot), cancel);

    /// <summary>Asks the slot's owner (directly when it runs here, through the region otherwise) and waits at most the
    /// request timeout. A command lost while its slot moved (<see cref="SlotMoved"/>) and one not answered in time both
    /// end in a retryable <see cref="KvException"/>; only the first is known not to have been applied.</summary>
    public async Task<T> AskSlotAsync<T>(IWithSlot message, CancellationToken cancel = default)
    {
        var deadline = _deadlines.After(_timeout);
        // Linking costs an allocation per request, so only callers that can actually cancel (shutdown) pay for it.
        using var linked = cancel.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancel, deadline) : null;
        object reply;
        try
        {
            // A slot owned by this node is asked directly; a slot elsewhere is forwarded to its node when that is known
            // (replies come back in batches, no Ask needed), and otherwise goes through the region and shard hops.
            var token = linked?.Token ?? deadline;
            var local = _local.Find(message.Slot);
            if (local is null && _region is ForwardingRef route && route.TryForward(message) is { } forwarded)
            {
                reply = await forwarded.WaitAsync(token);
            }
            else
            {
                reply = await (local?.Inbox ?? _region).Ask<object>(message, token);
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            throw new KvException(new KvError(
                KvErrorCode.Timeout, $"slot {message.Slot} did not answer within {_timeout.TotalSeconds:0.#} s; the request may or may not have been applied, retry"));
        }

        return reply switch
        {
            SlotMoved => throw new KvException(new KvError(
                KvErrorCode.Unavailable, $"slot {message.Slot} moved to another node while the request was on its way; it was not applied, retry")),
            Status.Failure failure => throw failure.Cause,
            T answer => answer,
            _ => throw new InvalidOperationException($"slot {message.Slot} answered {reply.GetType().Name} to {message.GetType().Name}"),
        };
    }

    private static void ThrowIfInvalid(KvError? error)
    {
        if (error is not null)
        {
            throw new KvException(error);
        }
    }
}
