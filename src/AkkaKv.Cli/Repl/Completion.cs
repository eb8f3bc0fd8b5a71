using System.CommandLine;

namespace AkkaKv.Cli.Repl;

/// <summary>Tab completion in the shell: the words that may come next at the cursor (subcommands, or options after
/// a '-'), found by walking the same command tree the parser uses, so that a new command completes with no extra code.</summary>
public static class Completion
{
    /// <summary><paramref name="Insert"/> is what to type at the cursor (the longest common prefix's missing part,
    /// and a space when the word is complete); <paramref name="Candidates"/> are listed when that is all there is.</summary>
    public sealed record Result(string Insert, IReadOnlyList<string> Candidates);

    /// <summary>Words of the shell itself, offered first on a line.</summary>
    public static readonly string[] ShellWords = ["exit", "quit"];

    public static Result Complete(Command root, string lineBeforeCursor)
    {
        var scan = CommandLineTokenizer.Tokenize(lineBeforeCursor);
        var partial = scan.Current ?? "";
        var candidates = Candidates(root, scan.Words, partial);
        if (candidates.Count == 0)
        {
            return new Result("", []);
        }

        if (candidates.Count == 1)
        {
            return new Result(candidates[0][partial.Length..] + " ", candidates);
        }

        var common = LongestCommonPrefix(candidates);
        return new Result(common[partial.Length..], candidates);
    }

    /// <summary>What may follow <paramref name="words"/>, starting with <paramref name="partial"/>, sorted.</summary>
    public static IReadOnlyList<string> Candidates(Command root, IReadOnlyList<string> words, string partial)
    {
        var path = new List<Command> { root };
        var sawArgument = false;
        var start = words.Count > 0 && IsLeadingTarget(root, words[0]) ? 1 : 0;
        if (words.Count > start && words[start] == "help" && !partial.StartsWith('-'))
        {
            // help takes a command path: complete it as the command itself.
            return Candidates(root, words.Skip(start + 1).ToList(), partial).Except(ShellWords).ToList();
        }

        for (var i = start; i < words.Count; i++)
        {
            var word = words[i];
            if (word.StartsWith('-'))
            {
                // An option that takes a value (--token t, -r kv) consumes the next word.
                var option = Options(path).FirstOrDefault(o => o.Name == word || o.Aliases.Contains(word));
                if (option is not null && option.ValueType != typeof(bool) && option.Arity.MaximumNumberOfValues > 0)
                {
                    i++;
                }

                continue;
            }

            var sub = path[^1].Subcommands.FirstOrDefault(c => c.Name == word || c.Aliases.Contains(word));
            if (sub is not null && !sawArgument)
            {
                path.Add(sub);
            }
            else
            {
                sawArgument = true;
            }
        }

        IEnumerable<string> names;
        if (partial.StartsWith('-'))
        {
            names = Options(path).Where(o => !o.Hidden).Select(o => o.Name);
        }
        else if (sawArgument)
        {
            // Keys and addresses are not known here.
            names = [];
        }
        else
        {
            names = path[^1].Subcommands.Where(c => !c.Hidden).Select(c => c.Name);
            if (path.Count == 1)
            {
                names = names.Concat(ShellWords);
            }
        }

        return names.Where(n => n.StartsWith(partial, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
    }

    public static string LongestCommonPrefix(IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            return "";
        }

        var prefix = words[0];
        foreach (var word in words.Skip(1))
        {
            var n = 0;
            while (n < prefix.Length && n < word.Length && prefix[n] == word[n])
            {
                n++;
            }

            prefix = prefix[..n];
        }

        return prefix;
    }

    /// <summary>The options of the innermost command, and the recursive ones (--json, --token, --help) of those above.</summary>
    private static IEnumerable<Option> Options(List<Command> path) =>
        path[^1].Options.Concat(path.Take(path.Count - 1).SelectMany(c => c.Options.Where(o => o.Recursive)));

    private static bool IsLeadingTarget(Command root, string word) =>
        !root.Subcommands.Any(c => c.Name == word || c.Aliases.Contains(word)) && !ShellWords.Contains(word) && Target.TryParse(word, out _);
}
