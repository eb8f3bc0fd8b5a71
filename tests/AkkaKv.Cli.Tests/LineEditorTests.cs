using AkkaKv.Cli.Repl;
using AkkaKv.Cli.Tests.Support;

namespace AkkaKv.Cli.Tests;

public class LineEditorTests
{
    [Fact]
    public void Typed_characters_and_enter_give_the_line()
    {
        var (editor, _) = Editor(Keys.Type("kv get a"), Keys.Enter);
        Assert.Equal("kv get a", editor.ReadLine("> "));
    }

    [Fact]
    public void Left_moves_the_cursor_so_a_character_goes_in_the_middle()
    {
        var (editor, _) = Editor(Keys.Type("cluster shw"), Keys.Of(ConsoleKey.LeftArrow), Keys.Type("o"), Keys.Enter);
        Assert.Equal("cluster show", editor.ReadLine("> "));
    }

    [Fact]
    public void Backspace_home_delete_and_end_edit_as_expected()
    {
        var (editor, _) = Editor(
            Keys.Type("xnodee"), Keys.Of(ConsoleKey.Backspace), Keys.Of(ConsoleKey.Home), Keys.Of(ConsoleKey.Delete),
            Keys.Of(ConsoleKey.End), Keys.Type(" --json"), Keys.Enter);
        Assert.Equal("node --json", editor.ReadLine("> "));
    }

    [Fact]
    public void Up_and_down_walk_the_history_and_come_back_to_the_draft()
    {
        var history = new History(null);
        history.Add("cluster show");
        history.Add("kv get a");
        var (editor, _) = Editor(history,
            Keys.Type("dra"), Keys.Of(ConsoleKey.UpArrow), Keys.Of(ConsoleKey.UpArrow), Keys.Of(ConsoleKey.UpArrow),
            Keys.Of(ConsoleKey.DownArrow), Keys.Of(ConsoleKey.DownArrow), Keys.Type("ft"), Keys.Enter,
            Keys.Of(ConsoleKey.UpArrow), Keys.Of(ConsoleKey.UpArrow), Keys.Enter);
        Assert.Equal("draft", editor.ReadLine("> "));
        Assert.Equal("cluster show", editor.ReadLine("> "));
    }

    [Fact]
    public void Tab_completes_the_common_prefix_then_the_word()
    {
        var root = TestTree.Root();
        var (editor, _) = Editor(new History(null), line => Completion.Complete(root, line),
            Keys.Type("clu"), Keys.Tab, Keys.Type(" sh"), Keys.Tab, Keys.Enter);
        Assert.Equal("cluster show ", editor.ReadLine("> "));
    }

    [Fact]
    public void Tab_with_nothing_in_common_lists_the_candidates()
    {
        var root = TestTree.Root();
        var (editor, output) = Editor(new History(null), line => Completion.Complete(root, line),
            Keys.Type("cluster s"), Keys.Tab, Keys.Enter);
        Assert.Equal("cluster s", editor.ReadLine("> "));
        Assert.Contains("show  status", output.ToString());
    }

    [Fact]
    public void Ctrl_C_drops_the_line_and_Ctrl_D_on_an_empty_line_ends_input()
    {
        var (editor, output) = Editor(Keys.Type("half a line"), Keys.Ctrl(ConsoleKey.C), Keys.Type("node"), Keys.Enter, Keys.Ctrl(ConsoleKey.D));
        Assert.Equal("node", editor.ReadLine("> "));
        Assert.Contains("^C", output.ToString());
        Assert.Null(editor.ReadLine("> "));
    }

    [Fact]
    public void Ctrl_C_is_a_key_only_while_editing()
    {
        var keyboard = new ScriptedKeyboard([.. Keys.Type("x"), .. Keys.Enter]);
        var editor = new LineEditor(keyboard, new StringWriter(), new History(null));
        editor.ReadLine("> ");
        Assert.Equal(1, keyboard.Captures);
        Assert.False(keyboard.Capturing);
    }

    private static (LineEditor, StringWriter) Editor(params IEnumerable<ConsoleKeyInfo>[] keys) => Editor(new History(null), null, keys);

    private static (LineEditor, StringWriter) Editor(History history, params IEnumerable<ConsoleKeyInfo>[] keys) => Editor(history, null, keys);

    private static (LineEditor, StringWriter) Editor(History history, Func<string, Completion.Result>? complete, params IEnumerable<ConsoleKeyInfo>[] keys)
    {
        var output = new StringWriter();
        return (new LineEditor(new ScriptedKeyboard(keys.SelectMany(k => k)), output, history, complete), output);
    }
}

/// <summary>Keys as a terminal delivers them to Console.ReadKey.</summary>
internal static class Keys
{
    public static IEnumerable<ConsoleKeyInfo> Enter => Of(ConsoleKey.Enter, '\r');

    public static IEnumerable<ConsoleKeyInfo> Tab => Of(ConsoleKey.Tab, '\t');

    public static IEnumerable<ConsoleKeyInfo> Type(string text) =>
        text.Select(c => new ConsoleKeyInfo(c, char.IsAsciiLetter(c) ? ConsoleKey.A + (char.ToUpperInvariant(c) - 'A') : ConsoleKey.Spacebar, char.IsUpper(c), false, false));

    public static IEnumerable<ConsoleKeyInfo> Of(ConsoleKey key, char c = '\0') => [new ConsoleKeyInfo(c, key, false, false, false)];

    public static IEnumerable<ConsoleKeyInfo> Ctrl(ConsoleKey key) => [new ConsoleKeyInfo((char)(key - ConsoleKey.A + 1), key, false, false, true)];
}

internal sealed class ScriptedKeyboard(IEnumerable<ConsoleKeyInfo> keys) : IKeyboard
{
    private readonly Queue<ConsoleKeyInfo> _keys = new(keys);

    public int Captures { get; private set; }

    public bool Capturing { get; private set; }

    public ConsoleKeyInfo ReadKey() => _keys.Count > 0 ? _keys.Dequeue() : throw new InvalidOperationException("the script of keys ran out");

    public IDisposable CaptureControlC()
    {
        Captures++;
        Capturing = true;
        return new Release(this);
    }

    private sealed class Release(ScriptedKeyboard keyboard) : IDisposable
    {
        public void Dispose() => keyboard.Capturing = false;
    }
}
