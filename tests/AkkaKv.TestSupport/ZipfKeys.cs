namespace AkkaKv.TestSupport;

/// <summary>Key ranks drawn from a Zipf distribution (rank r with probability ∝ 1 / r^s), the usual model of cache
/// traffic: a few keys are hot, most are rarely asked for. Sampled by binary search in a precomputed CDF.</summary>
public sealed class ZipfKeys
{
    private readonly double[] _cdf;
    private readonly Random _random;

    public ZipfKeys(int keys, double exponent, int seed)
    {
        _cdf = new double[keys];
        double sum = 0;
        for (var rank = 1; rank <= keys; rank++)
        {
            sum += 1.0 / Math.Pow(rank, exponent);
            _cdf[rank - 1] = sum;
        }

        for (var i = 0; i < keys; i++)
        {
            _cdf[i] /= sum;
        }

        _random = new Random(seed);
    }

    public int Count => _cdf.Length;

    /// <summary>A rank from 0 (hottest) to Count - 1.</summary>
    public int Next()
    {
        var index = Array.BinarySearch(_cdf, _random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cdf.Length - 1);
    }

    /// <summary>16-character keys, as the memory benchmarks use.</summary>
    public static string KeyOf(int rank) => $"key:{rank:D12}";
}
