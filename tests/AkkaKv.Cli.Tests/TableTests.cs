using AkkaKv.Cli.Output;

namespace AkkaKv.Cli.Tests;

public class TableTests
{
    [Fact]
    public void Columns_are_padded_to_the_widest_cell_with_no_trailing_spaces()
    {
        var table = new Table("address", "status").AddRow("a-long-address", "Up").AddRow("short", "Leaving");
        Assert.Equal(
            """
            ADDRESS        | STATUS
            a-long-address | Up
            short          | Leaving

            """.ReplaceLineEndings("\n"),
            table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Right_aligned_columns_line_up_numbers()
    {
        var table = new Table("slot", "keys").AlignRight(0, 1).AddRow("2", "1000").AddRow("1023", "7");
        Assert.Equal(["SLOT | KEYS", "   2 | 1000", "1023 |    7"], Lines(table.ToString()));
    }

    [Fact]
    public void Control_characters_in_a_cell_cannot_break_the_table()
    {
        var table = new Table("key", "value").AddRow("k", "two\nlines\tand\u001b[31mred");
        Assert.Equal(["KEY | VALUE", "k   | two\\nlines\\tand\\u001b[31mred"], Lines(table.ToString()));
    }

    [Fact]
    public void A_missing_cell_shows_as_a_dash() =>
        Assert.Equal(["A | B", "x | -"], Lines(new Table("a", "b").AddRow("x", null).ToString()));

    [Fact]
    public void The_header_is_bold_only_when_asked_for_a_terminal()
    {
        var plain = new StringWriter();
        new Table("a").AddRow("1").Write(plain, ansi: false);
        Assert.DoesNotContain('\u001b', plain.ToString());

        var terminal = new StringWriter();
        new Table("a").AddRow("1").Write(terminal, ansi: true);
        Assert.StartsWith("\u001b[1mA\u001b[0m", terminal.ToString());
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_a_bug() =>
        Assert.Throws<ArgumentException>(() => new Table("a", "b").AddRow("only one"));

    private static string[] Lines(string text) => text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
