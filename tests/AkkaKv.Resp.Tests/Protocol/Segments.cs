using System.Buffers;

namespace AkkaKv.Resp.Tests.Protocol;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of several segments, as a pipe hands over data that arrived in
/// pieces: the parser must find headers, CRLFs and payloads that straddle segment boundaries.</summary>
internal static class Segments
{
    /// <summary>The bytes cut at the given offsets (ascending, each within the bytes; repeats give empty segments).</summary>
    public static ReadOnlySequence<byte> Split(ReadOnlySpan<byte> bytes, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        var from = 0;
        foreach (var cut in cuts)
        {
            pieces.Add(bytes[from..cut].ToArray());
            from = cut;
        }

        pieces.Add(bytes[from..].ToArray());
        return Join(pieces);
    }

    /// <summary>One segment per byte, with an empty segment between each (empty segments happen at pipe boundaries).</summary>
    public static ReadOnlySequence<byte> ByteByByte(ReadOnlySpan<byte> bytes)
    {
        var pieces = new List<byte[]> { Array.Empty<byte>() };
        foreach (var b in bytes)
        {
            pieces.Add([b]);
            pieces.Add(Array.Empty<byte>());
        }

        return Join(pieces);
    }

    /// <summary>The bytes cut at a few random offsets.</summary>
    public static ReadOnlySequence<byte> Random(ReadOnlySpan<byte> bytes, Random random)
    {
        var cuts = new int[random.Next(1, 5)];
        for (var i = 0; i < cuts.Length; i++)
        {
            cuts[i] = random.Next(bytes.Length + 1);
        }

        System.Array.Sort(cuts);
        return Split(bytes, cuts);
    }

    private static ReadOnlySequence<byte> Join(List<byte[]> pieces)
    {
        var first = new Segment(pieces[0]);
        var last = first;
        for (var i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
