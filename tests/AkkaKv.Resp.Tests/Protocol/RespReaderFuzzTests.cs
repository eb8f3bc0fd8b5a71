using System.Buffers;
using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>Whatever a client sends, the reader must not throw (that would drop the connection without a reply) and
/// must be consistent: Incomplete consumes nothing, and more bytes never turn a decided outcome into another one.
/// Seeded, so a failure reproduces; the failing input is printed in hex.</summary>
public class RespReaderFuzzTests
{
    private const int Seed = 20_240_611;

    // Bytes that steer the parser into its branches far more often than uniform noise would.
    private static readonly byte[] Alphabet = "*$\r\n\r\n0123456789-:+ \t\"'\\xaZ"u8.ToArray();

    [Fact]
    public void Random_bytes_never_throw_and_outcomes_are_consistent()
    {
        var random = new Random(Seed);
        for (var i = 0; i < 4000; i++)
        {
            // Mostly short, sometimes past the 64-byte line limit of Parse.Limits.
            var bytes = new byte[random.Next(0, random.Next(3) == 0 ? 100 : 32)];
            for (var j = 0; j < bytes.Length; j++)
            {
                bytes[j] = random.Next(4) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
            }

            // Half of them start as an array does, which random bytes rarely would.
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)'*';
            }

            CheckConsistent(bytes, random);
        }
    }

    [Fact]
    public void Truncated_and_mutated_valid_frames_never_throw_and_outcomes_are_consistent()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < 3000; i++)
        {
            var frame = ValidFrame(random).ToList();
            for (var edits = random.Next(0, 4); edits > 0 && frame.Count > 0; edits--)
            {
                var at = random.Next(frame.Count);
                switch (random.Next(4))
                {
                    case 0:
                        frame[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                    case 1:
                        frame[at] = (byte)random.Next(256);
                        break;
                    case 2:
                        frame.RemoveAt(at);
                        break;
                    default:
                        frame.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                }
            }

            var bytes = frame.ToArray();
            CheckConsistent(random.Next(3) == 0 ? bytes[..random.Next(bytes.Length + 1)] : bytes, random);
        }
    }

    private static byte[] ValidFrame(Random random)
    {
        if (random.Next(4) == 0)
        {
            var words = Enumerable.Range(0, random.Next(0, 4)).Select(_ => random.Next(3) switch
            {
                0 => "\"a b\\x41\\n\"",
                1 => "'it\\'s'",
                _ => "word" + random.Next(100),
            });
            return Encoding.ASCII.GetBytes(string.Join(' ', words) + (random.Next(2) == 0 ? "\r\n" : "\n"));
        }

        var args = new byte[random.Next(0, 5)][];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = new byte[random.Next(0, 12)];
            random.NextBytes(args[i]);
        }

        byte[] frame = Parse.Command(args);
        // Sometimes two frames back to back, so a mutation can land in the second.
        return random.Next(3) == 0 ? [.. frame, .. Parse.Command("PING")] : frame;
    }

    private static void CheckConsistent(byte[] bytes, Random random)
    {
        var input = Convert.ToHexString(bytes);
        var whole = Parse.All(new ReadOnlySequence<byte>(bytes));
        foreach (var parsed in whole)
        {
            switch (parsed.Status)
            {
                case ReadStatus.Incomplete:
                    Assert.True(parsed.Consumed == 0 && parsed.Error is null, $"{input}: {parsed}");
                    break;
                case ReadStatus.Complete:
                    Assert.True(parsed.Consumed > 0 && parsed.Error is null, $"{input}: {parsed}");
                    break;
                default:
                    Assert.True(parsed.Error?.StartsWith("ERR Protocol error: ", StringComparison.Ordinal) == true, $"{input}: {parsed}");
                    break;
            }
        }

        Assert.True(whole.Sum(p => p.Status == ReadStatus.Complete ? p.Consumed : 0) <= bytes.Length, input);

        // However the bytes are segmented, the outcome is the same.
        var segmented = Parse.All(Segments.Random(bytes, random));
        Assert.True(whole.Count == segmented.Count && whole.Zip(segmented).All(p => p.First.SameAs(p.Second)), $"segmented {input}");

        // Fewer bytes (what had arrived earlier) either say "not yet", or say what all the bytes say: an outcome once
        // decided does not change as more arrives.
        var first = whole[0];
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var early = Parse.One(bytes[..cut]);
            var agrees = early.Status switch
            {
                ReadStatus.Incomplete => early.Consumed == 0,
                ReadStatus.Complete => early.SameAs(first),
                // The text may differ (a header too long so far may later prove not a number), never the verdict.
                _ => first.Status == ReadStatus.Error,
            };
            Assert.True(agrees, $"{input} cut at {cut}: {early}, whole: {first}");
        }
    }
}
