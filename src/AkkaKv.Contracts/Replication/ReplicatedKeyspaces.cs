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

    public ReplicatedKeyspaces(IEnumerable<string> prefixes)
    {
        _prefixes = Normalize(prefixes);
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

    /// <summary>Sorted, without duplicates or empty entries, so two nodes' lists compare equal when they mean the same.
    /// (An empty prefix would replicate every key: that is what the design rules out, so it is refused at start-up.)</summary>
    public static string[] Normalize(IEnumerable<string> prefixes) =>
        [.. prefixes.Where(p => !string.IsNullOrEmpty(p)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
