using AkkaKv.Redis;

namespace AkkaKv.Contracts.Tests.Redis;

public class GlobPatternTests
{
    [Theory]
    // The examples of Redis's KEYS documentation.
    [InlineData("h?llo", "hello", true)]
    [InlineData("h?llo", "hallo", true)]
    [InlineData("h?llo", "hxllo", true)]
    [InlineData("h*llo", "hllo", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h[ae]llo", "hello", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[ae]llo", "hillo", false)]
    [InlineData("h[^e]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hbllo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hallo", true)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("h[a-b]llo", "hcllo", false)]
    // Redis's keyspace.tcl: KEYS with pattern, and with hash tags (braces are plain characters).
    [InlineData("foo*", "foo_a", true)]
    [InlineData("foo*", "key_x", false)]
    [InlineData("{a}*", "{a}x", true)]
    [InlineData("{a}*", "{b}a", false)]
    [InlineData("*{b}*", "{b}c", true)]
    [InlineData("*{b}*", "{a}y", false)]
    public void Matches_the_Redis_documentation_and_test_suite_examples(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Theory]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "abcd", false)]
    [InlineData("abc", "ab", false)]
    [InlineData("?", "", false)]
    [InlineData("?", "é", true)]
    [InlineData("??", "a", false)]
    [InlineData("a*", "a", true)]
    [InlineData("*a", "a", true)]
    [InlineData("*a*", "bab", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("*ab", "aab", true)]
    [InlineData("*ab", "abb", false)]
    [InlineData("a**b", "ab", true)]
    [InlineData("a*?c", "ac", false)]
    [InlineData("a*?c", "abc", true)]
    public void Stars_and_question_marks_match_any_run_and_any_one_character(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Theory]
    [InlineData("[a-z]", "m", true)]
    [InlineData("[a-z]", "M", false)]
    [InlineData("[z-a]", "m", true)]
    [InlineData("[z-a]", "M", false)]
    [InlineData("[^a-z]", "M", true)]
    [InlineData("[^a-z]", "m", false)]
    [InlineData("[a-cx]", "x", true)]
    [InlineData("[a-cx]", "d", false)]
    [InlineData("[abc]", "", false)]
    [InlineData("[abc]", "ab", false)]
    [InlineData("[é]", "é", true)]
    public void Classes_match_one_character_by_set_range_or_negation(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Theory]
    [InlineData(@"\*", "*", true)]
    [InlineData(@"\*", "a", false)]
    [InlineData(@"a\?b", "a?b", true)]
    [InlineData(@"a\?b", "axb", false)]
    [InlineData(@"\[a]", "[a]", true)]
    [InlineData(@"\[a]", "a", false)]
    [InlineData(@"\\", @"\", true)]
    [InlineData(@"\a", "a", true)]
    [InlineData(@"a\", @"a\", true)]
    [InlineData(@"[\]]", "]", true)]
    [InlineData(@"[\-z]", "-", true)]
    [InlineData(@"[\-z]", "z", true)]
    [InlineData(@"[\-z]", "m", false)]
    [InlineData(@"[\", @"\", true)]
    public void Backslash_escapes_the_next_character_inside_and_outside_classes(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Theory]
    // An unclosed class runs to the end of the pattern.
    [InlineData("[abc", "b", true)]
    [InlineData("x[abc", "xc", true)]
    [InlineData("[abc", "[abc", false)]
    // A lone '[' is an empty class: it matches nothing, not even "[".
    [InlineData("[", "[", false)]
    [InlineData("[^", "q", true)]
    // ']' right after '[' (or '[^') closes an empty class.
    [InlineData("[]a]", "]a]", false)]
    [InlineData("[^]a]", "xa]", true)]
    // "[a-]" is the range ']'..'a' (reversed), and the ']' it swallowed leaves the class open to the end.
    [InlineData("[a-]", "_", true)]
    [InlineData("[a-]", "a", true)]
    [InlineData("[a-]", "-", false)]
    [InlineData("[a-]x", "_", true)]
    [InlineData("[a-]x", "_x", false)]
    public void Malformed_classes_are_read_as_Redis_reads_them(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new GlobPattern(pattern).IsMatch(text));

    [Fact]
    public void Star_patterns_match_everything_including_the_empty_string()
    {
        Assert.True(new GlobPattern("*").MatchesEverything);
        Assert.True(new GlobPattern("**").MatchesEverything);
        Assert.False(new GlobPattern("*a").MatchesEverything);
        Assert.False(new GlobPattern(@"\*").MatchesEverything);
        Assert.False(new GlobPattern("").MatchesEverything);

        // Redis's stringmatchlen says no for "**" against "", but KEYS and SCAN skip it for "*"; we say yes to both.
        Assert.True(new GlobPattern("*").IsMatch(""));
        Assert.True(new GlobPattern("**").IsMatch(""));
        Assert.True(new GlobPattern("*").IsMatch("anything at all"));
    }

    [Theory]
    [InlineData("user:*", "user:")]
    [InlineData("user:42", "user:42")]
    [InlineData("*", "")]
    [InlineData("", "")]
    [InlineData("ab?c", "ab")]
    [InlineData("ab[c]d", "ab")]
    [InlineData(@"a\*b*", "a*b")]
    [InlineData(@"a\", @"a\")]
    [InlineData("{tag}:[0-9]*", "{tag}:")]
    public void The_literal_prefix_stops_at_the_first_wildcard_with_escapes_resolved(string pattern, string prefix) =>
        Assert.Equal(prefix, new GlobPattern(pattern).LiteralPrefix);

    [Fact]
    public void Pathological_patterns_fail_or_succeed_without_exponential_backtracking()
    {
        // keyspace.tcl: "Regression for pattern matching long nested loops".
        Assert.False(new GlobPattern("a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b").IsMatch(new string('a', 40)));
        Assert.False(new GlobPattern("*a*a*a*a*a*a*b").IsMatch(new string('a', 100_000)));
        Assert.True(new GlobPattern("*a*a*a*a*a*a*b").IsMatch(new string('a', 100_000) + "b"));

        // keyspace.tcl: "Regression for pattern matching very long nested loops". Redis answers no here only because
        // it gives up past 1000 nested stars; the key does match (each "?" takes one 'a'), and we say so.
        var pattern = new GlobPattern(string.Concat(Enumerable.Repeat("*?", 50_000)));
        Assert.True(pattern.IsMatch(new string('a', 50_000)));
        Assert.False(pattern.IsMatch(new string('a', 49_999)));
    }
}
