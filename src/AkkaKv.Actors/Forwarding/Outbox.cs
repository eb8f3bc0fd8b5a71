namespace AkkaKv.Actors.Forwarding;

/// <summary>Collects items from any thread and hands them on in batches. The first item after a send schedules the
/// next send on the thread pool, and whatever arrives before that runs goes with it: the batch grows with the load,
/// with no timer and no delay when there is no load.</summary>
public sealed class Outbox<T> : IThreadPoolWorkItem
{
    /// <summary>Items per message at most, so one message stays far below the remoting frame.</summary>
    public const int MaxBatch = 512;

    private readonly Lock _gate = new();
    private readonly Action<List<T>> _send;
    private readonly Action<Exception> _failed;
    private List<T> _items = [];
    private bool _scheduled;

    /// <param name="send">Takes ownership of the list it is given.</param>
    /// <param name="failed">Told when a send throws: the items it held are lost (their requesters time out), and the
    /// exception must not escape a thread-pool work item, which would end the process.</param>
    public Outbox(Action<List<T>> send, Action<Exception> failed)
    {
        _send = send;
        _failed = failed;
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            _items.Add(item);
            if (_scheduled)
            {
                return;
            }

            _scheduled = true;
        }

        ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    public void Execute()
    {
        // Sent under the lock: two sends of one outbox must not overtake each other, or a connection's commands to one
        // slot could arrive out of order. A send only queues the message for remoting, so the lock is held briefly.
        lock (_gate)
        {
            var items = _items;
            _items = [];
            _scheduled = false;
            try
            {
                if (items.Count <= MaxBatch)
                {
                    _send(items);
                    return;
                }

                for (var start = 0; start < items.Count; start += MaxBatch)
                {
                    _send(items.GetRange(start, Math.Min(MaxBatch, items.Count - start)));
                }
            }
            catch (Exception e)
            {
                _failed(e);
            }
        }
    }
}
