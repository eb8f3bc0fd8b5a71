namespace AkkaKv.Cli.Repl;

/// <summary>Keys for the line editor; the console's, or a script of keys in tests.</summary>
public interface IKeyboard
{
    ConsoleKeyInfo ReadKey();

    /// <summary>While editing, Ctrl-C is a key (it clears the line, as in bash) rather than a signal; while a command
    /// runs it is a signal again, so that it stops <c>cluster tail</c>.</summary>
    IDisposable CaptureControlC();
}

public sealed class ConsoleKeyboard : IKeyboard
{
    public ConsoleKeyInfo ReadKey() => Console.ReadKey(intercept: true);

    public IDisposable CaptureControlC()
    {
        var before = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        return new Restore(() => Console.TreatControlCAsInput = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
