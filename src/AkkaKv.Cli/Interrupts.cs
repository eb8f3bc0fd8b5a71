namespace AkkaKv.Cli;

/// <summary>Ctrl-C stops the command that is running, not the process: <c>cluster tail</c> ends cleanly (exit 0),
/// and in the REPL the prompt comes back. A second Ctrl-C, or one with nothing running, is left to end the process.</summary>
public sealed class Interrupts : IDisposable
{
    private readonly Lock _lock = new();
    private CancellationTokenSource? _current;

    /// <summary>A token that the next <see cref="Interrupt"/> cancels, until <see cref="End"/>.</summary>
    public CancellationToken Begin()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = new CancellationTokenSource();
            return _current.Token;
        }
    }

    public void End()
    {
        lock (_lock)
        {
            _current?.Dispose();
            _current = null;
        }
    }

    /// <summary>Cancels the running command; false when there is none (or it was already asked to stop), so that
    /// the caller lets the signal end the process.</summary>
    public bool Interrupt()
    {
        lock (_lock)
        {
            if (_current is null || _current.IsCancellationRequested)
            {
                return false;
            }

            _current.Cancel();
            return true;
        }
    }

    public void Dispose() => End();
}
