using Akka.Actor;

namespace AkkaKv.Persistence.Bench;

/// <summary>Completed writes, read by the main thread while the driver runs.</summary>
public sealed class Counter
{
    private long _value;

    public long Value => Interlocked.Read(ref _value);

    public void Increment() => Interlocked.Increment(ref _value);
}

/// <summary>Keeps exactly `inFlight` writes outstanding, spread round-robin over the slots (closed loop).</summary>
public sealed class Driver : ReceiveActor
{
    private readonly IActorRef[] _slots;
    private readonly byte[] _payload = new byte[100];
    private int _next;

    public Driver(IActorRef[] slots, int inFlight, Counter completed)
    {
        _slots = slots;
        Receive<Written>(_ =>
        {
            completed.Increment();
            SendNext();
        });
        for (var i = 0; i < inFlight; i++)
        {
            SendNext();
        }
    }

    private void SendNext()
    {
        _slots[_next].Tell(new Write(_payload));
        _next = (_next + 1) % _slots.Length;
    }
}
