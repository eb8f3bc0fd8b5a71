using System.Text;

namespace AkkaKv.Cli.Repl;

/// <summary>A small readline for the shell on a terminal: left/right, home/end, backspace/delete, up/down through
/// the history, Tab completion, Ctrl-C to drop the line and Ctrl-D to leave. Redraws the line with ANSI escapes;
/// a line longer than the terminal is wide is not handled specially (commands are short).</summary>
public sealed class LineEditor(IKeyboard keyboard, TextWriter output, History history, Func<string, Completion.Result>? complete = null)
    : ILineReader
{
    private readonly StringBuilder _line = new();
    private int _cursor;
    private string _prompt = "";

    public string? ReadLine(string prompt)
    {
        _prompt = prompt;
        _line.Clear();
        _cursor = 0;
        var browsing = history.Entries.Count;
        var draft = "";
        using var capture = keyboard.CaptureControlC();
        output.Write(prompt);
        output.Flush();
        while (true)
        {
            var key = keyboard.ReadKey();
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    output.WriteLine();
                    return _line.ToString();
                case ConsoleKey.D when control:
                    if (_line.Length == 0)
                    {
                        output.WriteLine();
                        return null;
                    }

                    DeleteAt(_cursor);
                    break;
                case ConsoleKey.C when control:
                    output.WriteLine("^C");
                    _line.Clear();
                    _cursor = 0;
                    browsing = history.Entries.Count;
                    output.Write(prompt);
                    break;
                case ConsoleKey.Backspace:
                case ConsoleKey.H when control:
                    DeleteAt(_cursor - 1, moveBack: true);
                    break;
                case ConsoleKey.Delete:
                    DeleteAt(_cursor);
                    break;
                case ConsoleKey.LeftArrow:
                case ConsoleKey.B when control:
                    _cursor = Math.Max(0, _cursor - 1);
                    break;
                case ConsoleKey.RightArrow:
                case ConsoleKey.F when control:
                    _cursor = Math.Min(_line.Length, _cursor + 1);
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    _cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    _cursor = _line.Length;
                    break;
                case ConsoleKey.U when control:
                    _line.Remove(0, _cursor);
                    _cursor = 0;
                    break;
                case ConsoleKey.K when control:
                    _line.Remove(_cursor, _line.Length - _cursor);
                    break;
                case ConsoleKey.UpArrow:
                case ConsoleKey.P when control:
                    if (browsing > 0)
                    {
                        if (browsing == history.Entries.Count)
                        {
                            draft = _line.ToString();
                        }

                        Replace(history.Entries[--browsing]);
                    }

                    break;
                case ConsoleKey.DownArrow:
                case ConsoleKey.N when control:
                    if (browsing < history.Entries.Count)
                    {
                        browsing++;
                        Replace(browsing == history.Entries.Count ? draft : history.Entries[browsing]);
                    }

                    break;
                case ConsoleKey.Tab:
                    Complete();
                    break;
                default:
                    if (!control && key.KeyChar >= ' ' && !char.IsControl(key.KeyChar))
                    {
                        _line.Insert(_cursor++, key.KeyChar);
                    }

                    break;
            }

            Redraw();
        }
    }

    /// <summary>The buffer as it stands; what tests read after a script of keys.</summary>
    public string Buffer => _line.ToString();

    public int Cursor => _cursor;

    private void Complete()
    {
        if (complete is null)
        {
            return;
        }

        var result = complete(_line.ToString(0, _cursor));
        if (result.Insert.Length > 0)
        {
            _line.Insert(_cursor, result.Insert);
            _cursor += result.Insert.Length;
        }
        else if (result.Candidates.Count > 1)
        {
            // Nothing more in common: show the choices under the line, then the line again.
            output.WriteLine();
            output.WriteLine(string.Join("  ", result.Candidates));
        }
    }

    private void DeleteAt(int index, bool moveBack = false)
    {
        if (index < 0 || index >= _line.Length)
        {
            return;
        }

        _line.Remove(index, 1);
        if (moveBack)
        {
            _cursor--;
        }
    }

    private void Replace(string text)
    {
        _line.Clear().Append(text);
        _cursor = _line.Length;
    }

    /// <summary>Back to column 0, prompt and line, erase what was longer before, and put the cursor where it belongs.</summary>
    private void Redraw()
    {
        output.Write($"\r{_prompt}{_line}\u001b[K");
        var back = _line.Length - _cursor;
        if (back > 0)
        {
            output.Write($"\u001b[{back}D");
        }

        output.Flush();
    }
}
