using System.Text;

namespace AkkaKv.Cli.Output;

/// <summary>A plain-text table, columns padded and separated by <c> | </c> as pbm prints them. The header is bold
/// only on a terminal, so that redirected output is plain text for grep and awk.</summary>
public sealed class Table(params string[] headers)
{
    private const string Separator = " | ";
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public int RowCount => _rows.Count;

    /// <summary>Numbers read better right-aligned.</summary>
    public Table AlignRight(params int[] columns)
    {
        _rightAligned.UnionWith(columns);
        return this;
    }

    public Table AddRow(params string?[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {headers.Length} columns", nameof(cells));
        }

        _rows.Add(cells.Select(c => Clean(c ?? JsonText.Missing)).ToArray());
        return this;
    }

    public void Write(TextWriter output, bool ansi = false)
    {
        var widths = new int[headers.Length];
        foreach (var row in _rows.Prepend(headers))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var header = Format(headers.Select(h => h.ToUpperInvariant()).ToArray(), widths);
        output.WriteLine(ansi ? $"\u001b[1m{header}\u001b[0m" : header);
        foreach (var row in _rows)
        {
            output.WriteLine(Format(row, widths));
        }
    }

    public override string ToString()
    {
        using var writer = new StringWriter();
        Write(writer);
        return writer.ToString();
    }

    private string Format(string[] cells, int[] widths)
    {
        var line = new StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                line.Append(Separator);
            }

            var last = i == cells.Length - 1;
            line.Append(_rightAligned.Contains(i) ? cells[i].PadLeft(widths[i])
                : last ? cells[i]
                : cells[i].PadRight(widths[i]));
        }

        return line.ToString();
    }

    /// <summary>One cell, one line: a value with a newline or a tab must not break the table (or a terminal).</summary>
    private static string Clean(string cell)
    {
        if (!cell.Any(char.IsControl))
        {
            return cell;
        }

        var clean = new StringBuilder(cell.Length + 8);
        foreach (var c in cell)
        {
            clean.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return clean.ToString();
    }
}
