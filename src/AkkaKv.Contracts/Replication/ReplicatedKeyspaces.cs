using System.Text;

namespace AkkaKv.Replication;

/// <summary>The key prefixes whose keys are replicated to every node. Fixed when the cluster is born (the keyspace
/// coordinator refuses a node configured with other prefixes): every node must agree on which keys have a replica, or
/// a read at local consistency would miss keys another node's slot never published.</summary>
public sealed class ReplicatedKeyspaces
{
    /// <summary>The coordination keyspace: configuration, service registry, leases, locks, elections.</summary>
    public const string SystemPrefix = "/_sys/";

    public static readonly ReplicatedKeyspaces None = new([]);

    private readonly string[] _prefixes;
    private readonly byte[][] _utf8Prefixes;

    public ReplicatedKeyspaces(IEnumerable<string> prefixes)
    {
        _prefixes = Normalize(prefixes);
        _utf8Prefixes = [.. _prefixes.Select(Encoding.UTF8.GetBytes)];
    }

    public IReadOnlyList<string> Prefixes => _prefixes;

    public bool IsEmpty => _prefixes.Length == 0;

    public bool Contains(string key)
    {
        foreach (var prefix in _prefixes)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>As <see cref="Contains(string)"/>, for a key in UTF-8 (a prefix of the UTF-8 is a prefix of the key):
    /// the write and eviction paths hold keys as bytes, and decoding one into a string per SET cost an allocation.</summary>
    public bool Contains(ReadOnlySpan<byte> utf8Key)
    {
        foreach (var prefix in _utf8Prefixes)
        {
            if (utf8Key.StartsWith(prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sorted, without duplicates or empty entries, so two nodes' lists compare equal when they mean the same.
    /// (An empty prefix would replicate every key: that is what the design rules out, so it is refused at start-up.)</summary>
    public static string[] Normalize(IEnumerable<string> prefixes) =>
        [.. prefixes.Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
