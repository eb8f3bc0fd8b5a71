namespace AkkaKv.Cli;

/// <summary>Takes the optional <c>[host:port]</c> off the front of a command line, before System.CommandLine sees it:
/// a positional argument ahead of the command word cannot be declared to the parser without making every command
/// word ambiguous with a host name.</summary>
public static class LeadingTarget
{
    /// <summary>What was found: the target (null when none was given), the rest of the arguments, or why the first
    /// argument looked like an address but was not one.</summary>
    public sealed record Split(Target? Target, IReadOnlyList<string> Rest, string? Error);

    /// <summary>The first positional argument is the target when it is not a command word and either looks like an
    /// address (has a ':' or '.', brackets, or is "localhost") or is followed by a command word (<c>akkakv node-0
    /// cluster show</c>). A bare word alone is left to the parser, so that a mistyped command is reported as one
    /// rather than dialled as a host.</summary>
    public static Split From(IReadOnlyList<string> args, IReadOnlySet<string> commandWords)
    {
        var first = FirstPositional(args);
        if (first < 0)
        {
            return new Split(null, args, null);
        }

        var word = args[first];
        if (commandWords.Contains(word))
        {
            return new Split(null, args, null);
        }

        var next = first + 1 < args.Count ? args[first + 1] : null;
        var looksLikeAddress = word.IndexOfAny([':', '.', '[']) >= 0 || word.Equals("localhost", StringComparison.OrdinalIgnoreCase);
        if (!looksLikeAddress && (next is null || !commandWords.Contains(next)))
        {
            return new Split(null, args, null);
        }

        if (!Target.TryParse(word, out var target))
        {
            return new Split(null, args, $"not an address: {word} (expected host:port, host or [ipv6]:port)");
        }

        var rest = new List<string>(args.Count - 1);
        for (var i = 0; i < args.Count; i++)
        {
            if (i != first)
            {
                rest.Add(args[i]);
            }
        }

        return new Split(target, rest, null);
    }

    /// <summary>Global options may come first (<c>akkakv --token t 10.0.0.5 cluster down ...</c>); skip them and the
    /// value of <c>--token</c>.</summary>
    private static int FirstPositional(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--token")
            {
                i++;
                continue;
            }

            if (!arg.StartsWith('-') || arg == "-")
            {
                return i;
            }
        }

        return -1;
    }
}
