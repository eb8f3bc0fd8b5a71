using System.Text;

namespace AkkaKv.Redis;

/// <summary>
/// A compiled Redis glob pattern (KEYS, SCAN MATCH, PSUBSCRIBE), with the syntax of Redis's <c>stringmatchlen</c>
/// (util.c): <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[^abc]</c>, <c>[a-z]</c>, and <c>\</c> escapes.
/// </summary>
/// <remarks>
/// <para>
/// The pattern is parsed once, exactly as <c>stringmatchlen</c> reads it, including its lenient corners, so that
/// clients get the same answers as from Redis:
/// a reversed range <c>[z-a]</c> means <c>[a-z]</c>; <c>\</c> escapes the next character inside and outside
/// brackets, and a trailing lone <c>\</c> is a literal backslash; an unclosed <c>[abc</c> is a class running to
/// the end of the pattern; a <c>]</c> right after <c>[</c> or <c>[^</c> closes an empty class (which matches
/// nothing, or with <c>^</c> any one character); a range is read whenever the second character is <c>-</c>, even
/// when the third is <c>]</c> (so <c>[a-]</c> is a range up to <c>]</c> and leaves the class open).
/// </para>
/// <para>
/// Matching differs from Redis on purpose in three places. It works on .NET <see cref="char"/>s (UTF-16 code units)
/// rather than bytes, because keys here are strings: <c>?</c> matches one <c>é</c>, where Redis would need
/// <c>??</c> for its two UTF-8 bytes. <c>*</c> matches the empty string even at the start (Redis's
/// <c>stringmatchlen</c> matches an empty string only with an empty pattern, but KEYS and SCAN never call it for
/// the pattern <c>*</c>, so only <c>**</c>-style patterns against an empty key differ). And there is no nesting
/// limit: Redis gives up on patterns with more than 1000 nested stars (its "*?" × 50000 regression test expects no
/// match where a match exists); here matching is a single pass with one backtrack point, so it costs at most about
/// text length × pattern length steps and never recurses.
/// </para>
/// </remarks>
public sealed class GlobPattern
{
    private readonly Token[] _tokens;

    public GlobPattern(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        _tokens = Parse(pattern);
        LiteralPrefix = PrefixOf(_tokens);
        MatchesEverything = _tokens.Length == 1 && _tokens[0].Kind == TokenKind.Star;
    }

    /// <summary>The pattern as given.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The longest leading run of the pattern with no wildcard or class, escapes resolved: every match starts with
    /// it, so a scan over ordered keys can start there and stop once keys no longer share it.
    /// </summary>
    public string LiteralPrefix { get; }

    /// <summary>True for <c>*</c> (and <c>**</c> and so on): callers can skip matching altogether.</summary>
    public bool MatchesEverything { get; }

    public bool IsMatch(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return IsMatch(text.AsSpan());
    }

    public bool IsMatch(ReadOnlySpan<char> text)
    {
        var tokens = _tokens;
        var t = 0;
        var p = 0;

        // The last star seen, and where in the text the pattern after it is being tried. Every other token matches
        // exactly one character, so when the pattern after a star fails, the only thing worth retrying is that star
        // swallowing one more character; earlier stars never need revisiting (the same argument as Redis's
        // skipLongerMatches). That keeps matching at most |text| × |pattern| steps.
        var starP = -1;
        var starT = 0;

        while (t < text.Length)
        {
            if (p < tokens.Length)
            {
                var token = tokens[p];
                if (token.Kind == TokenKind.Star)
                {
                    starP = p++;
                    starT = t;
                    continue;
                }

                if (token.Matches(text[t]))
                {
                    p++;
                    t++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP + 1;
            t = ++starT;
        }

        // Stars are collapsed when parsing, so at most one can be left, matching the empty rest.
        return p == tokens.Length || (p == tokens.Length - 1 && tokens[p].Kind == TokenKind.Star);
    }

    public override string ToString() => Pattern;

    /// <summary>Reads the pattern the way <c>stringmatchlen</c> walks it, one token per character matched.</summary>
    private static Token[] Parse(string pattern)
    {
        var tokens = new List<Token>();
        var i = 0;
        var n = pattern.Length;
        while (i < n)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    if (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Star)
                    {
                        tokens.Add(Token.Star);
                    }

                    i++;
                    break;

                case '?':
                    tokens.Add(Token.AnyChar);
                    i++;
                    break;

                case '[':
                    tokens.Add(ParseClass(pattern, ref i));
                    break;

                case '\\' when i + 1 < n:
                    tokens.Add(Token.Literal(pattern[i + 1]));
                    i += 2;
                    break;

                default:
                    tokens.Add(Token.Literal(c));
                    i++;
                    break;
            }
        }

        return [.. tokens];
    }

    /// <summary>Parses a bracket class starting at the '[' at <paramref name="i"/>; leaves <paramref name="i"/> after it.</summary>
    private static Token ParseClass(string pattern, ref int i)
    {
        var n = pattern.Length;
        i++;
        var negated = i < n && pattern[i] == '^';
        if (negated)
        {
            i++;
        }

        var ranges = new List<CharRange>();
        while (i < n)
        {
            var c = pattern[i];
            if (c == '\\' && n - i >= 2)
            {
                ranges.Add(new CharRange(pattern[i + 1], pattern[i + 1]));
                i += 2;
            }
            else if (c == ']')
            {
                i++;
                break;
            }
            else if (n - i >= 3 && pattern[i + 1] == '-')
            {
                var end = pattern[i + 2];
                ranges.Add(c <= end ? new CharRange(c, end) : new CharRange(end, c));
                i += 3;
            }
            else
            {
                ranges.Add(new CharRange(c, c));
                i++;
            }
        }

        // Falling out of the loop without a ']' is Redis's unclosed class: it simply ends with the pattern.
        return Token.Class([.. ranges], negated);
    }

    private static string PrefixOf(Token[] tokens)
    {
        var prefix = new StringBuilder();
        foreach (var token in tokens)
        {
            if (token.Kind != TokenKind.Literal)
            {
                break;
            }

            prefix.Append(token.Char);
        }

        return prefix.ToString();
    }

    private enum TokenKind : byte
    {
        Literal,
        AnyChar,
        Class,
        Star,
    }

    private readonly record struct CharRange(char First, char Last);

    private readonly record struct Token(TokenKind Kind, char Char, CharRange[]? Ranges, bool Negated)
    {
        public static Token Star => new(TokenKind.Star, '\0', null, false);

        public static Token AnyChar => new(TokenKind.AnyChar, '\0', null, false);

        public static Token Literal(char c) => new(TokenKind.Literal, c, null, false);

        public static Token Class(CharRange[] ranges, bool negated) => new(TokenKind.Class, '\0', ranges, negated);

        public bool Matches(char c)
        {
            switch (Kind)
            {
                case TokenKind.Literal:
                    return c == Char;
                case TokenKind.AnyChar:
                    return true;
                case TokenKind.Class:
                    var inClass = false;
                    foreach (var range in Ranges!)
                    {
                        if (c >= range.First && c <= range.Last)
                        {
                            inClass = true;
                            break;
                        }
                    }

                    return inClass != Negated;
                default:
                    return false;
            }
        }
    }
}
