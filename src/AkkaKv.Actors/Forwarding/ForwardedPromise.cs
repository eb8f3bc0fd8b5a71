using Akka.Actor;

namespace AkkaKv.Actors.Forwarding;

/// <summary>
/// What the gateway waits on for a forwarded command, instead of an Ask. An Ask registers a temporary actor under a
/// fresh path for every request and completes its task on a thread-pool thread of its own, one wake-up per reply; the
/// replies to forwarded commands arrive in batches, by id, and need neither.
/// <list type="bullet">
/// <item>A batch of replies is completed in one thread-pool work item (<see cref="CompleteAll"/>): the requesters'
/// continuations run there one after the other, one wake-up per batch.</item>
/// <item>The path is made, and registered as a temporary actor, only if something asks for it: when a command is
/// rerouted through the shard region, whose reply then comes to that path like an Ask's.</item>
/// </list>
/// </summary>
public sealed class ForwardedPromise : MinimalActorRef
{
    // No RunContinuationsAsynchronously: the continuation runs on the thread that completes, which is always a
    // thread-pool work item of this class's own, never an actor's thread.
    private readonly TaskCompletionSource<object> _reply = new();
    private readonly Lock _gate = new();
    private ActorPath? _path;
    private bool _registered;
    private int _settled; // 1 once answered or given up: claimed before the path is released and the task completed

    public ForwardedPromise(IActorRefProvider provider)
    {
        Provider = provider;
    }

    public override IActorRefProvider Provider { get; }

    /// <summary>A temporary actor's path, made on first use and registered (unless already answered) so that a reply
    /// sent to it by path arrives here.</summary>
    public override ActorPath Path
    {
        get
        {
            lock (_gate)
            {
                if (_path is null)
                {
                    _path = Provider.TempPath();
                    if (Volatile.Read(ref _settled) == 0)
                    {
                        Provider.RegisterTempActor(this, _path);
                        _registered = true;
                    }
                }

                return _path;
            }
        }
    }

    /// <summary>The reply, or a cancellation when <paramref name="deadline"/> passes first.</summary>
    public async Task<object> WaitAsync(CancellationToken deadline)
    {
        using (deadline.UnsafeRegister(static state => ((ForwardedPromise)state!).GiveUp(), this))
        {
            return await _reply.Task;
        }
    }

    /// <summary>Completes each promise with its reply, all in one thread-pool work item.</summary>
    public static void CompleteAll(List<(ForwardedPromise Promise, object Reply)> replies) =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static batch =>
            {
                foreach (var (promise, reply) in batch)
                {
                    promise.Complete(reply);
                }
            },
            replies,
            preferLocal: false);

    /// <summary>A reply that came some other way (through the region, by path): completed on a work item of its own.</summary>
    protected override void TellInternal(object message, IActorRef sender) => CompleteAll([(this, message)]);

    // The path is released before the task completes: the requester's continuation runs inline in SetResult, and
    // whatever it does next must find the path already gone.
    private void Complete(object reply)
    {
        if (TrySettle())
        {
            _reply.SetResult(reply);
        }
    }

    private bool TrySettle()
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return false;
        }

        Unregister();
        return true;
    }

    // Called by the deadline's timer: the requester's continuation must not run on that thread.
    private void GiveUp() =>
        ThreadPool.UnsafeQueueUserWorkItem(
            static promise =>
            {
                if (promise.TrySettle())
                {
                    promise._reply.SetCanceled();
                }
            },
            this,
            preferLocal: false);

    private void Unregister()
    {
        lock (_gate)
        {
            if (_registered)
            {
                Provider.UnregisterTempActor(_path!);
                _registered = false;
            }
        }
    }
}
