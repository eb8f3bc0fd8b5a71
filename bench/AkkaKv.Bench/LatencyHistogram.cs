using System.Numerics;

namespace AkkaKv.Bench;

/// <summary>
/// Fixed log-linear latency histogram in microseconds (HdrHistogram-style, ~1.6% relative error).
/// Values 0..127 µs get one bucket each; above that every power-of-two octave is split into 64 buckets.
/// Not thread-safe: each worker owns one and they are merged at the end.
/// </summary>
public sealed class LatencyHistogram
{
    private const int SubBuckets = 64;          // buckets per octave above the linear range
    private const int LinearLimit = 2 * SubBuckets; // 0..127 recorded exactly
    private const int MaxShift = 40;            // ~ 2^46 µs: far beyond anything we can observe

    private readonly long[] _counts = new long[(MaxShift + 2) * SubBuckets];

    public long Count { get; private set; }
    public long SumMicros { get; private set; }
    public long MaxMicros { get; private set; }

    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }

        _counts[Index(micros)]++;
        Count++;
        SumMicros += micros;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Count += other.Count;
        SumMicros += other.SumMicros;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    public double MeanMicros => Count == 0 ? 0 : (double)SumMicros / Count;

    /// <summary>Value at quantile q (0..1], reported as the bucket midpoint, capped at the recorded maximum.</summary>
    public double PercentileMicros(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(q * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                var lo = LowerBound(i);
                var hi = UpperBound(i);
                return Math.Min((lo + hi) / 2.0, MaxMicros);
            }
        }

        return MaxMicros;
    }

    private int Index(long v)
    {
        if (v < LinearLimit)
        {
            return (int)v;
        }

        var msb = 63 - BitOperations.LeadingZeroCount((ulong)v);
        var shift = msb - 6; // v >> shift lands in [64, 127]
        if (shift > MaxShift)
        {
            return _counts.Length - 1;
        }

        return (shift * SubBuckets) + (int)(v >> shift);
    }

    private static long LowerBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        return (long)(index - (shift * SubBuckets)) << shift;
    }

    private static long UpperBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        return LowerBound(index) + (1L << shift) - 1;
    }
}
