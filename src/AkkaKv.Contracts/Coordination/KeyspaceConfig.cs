namespace AkkaKv.Coordination;

/// <summary>What every node of a cluster must agree on, fixed when the cluster is born: keys hash to
/// <paramref name="SlotCount"/> slots, slots group into <paramref name="ShardCount"/> shards (shard = slot mod count),
/// <paramref name="Mode"/> says whether writes are journaled (store) or not (cache), and
/// <paramref name="ReplicatedPrefixes"/> which keys every node holds a replica of (normalized, see
/// <see cref="Replication.ReplicatedKeyspaces"/>; null in a record written before replication existed, which matches any).</summary>
public sealed record KeyspaceConfig(int SlotCount, int ShardCount, string Mode, IReadOnlyList<string>? ReplicatedPrefixes = null)
{
    public bool Equals(KeyspaceConfig? other) =>
        other is not null && SlotCount == other.SlotCount && ShardCount == other.ShardCount && Mode == other.Mode
        && (ReplicatedPrefixes ?? []).SequenceEqual(other.ReplicatedPrefixes ?? [], StringComparer.Ordinal)
        && (ReplicatedPrefixes is null) == (other.ReplicatedPrefixes is null);

    public override int GetHashCode() => HashCode.Combine(SlotCount, ShardCount, Mode, ReplicatedPrefixes?.Count);

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(System.Globalization.CultureInfo.InvariantCulture, $"SlotCount = {SlotCount}, ShardCount = {ShardCount}, Mode = {Mode}, ");
        builder.Append("ReplicatedPrefixes = ").Append(ReplicatedPrefixes is null ? "null" : $"[{string.Join(", ", ReplicatedPrefixes)}]");
        return true;
    }

    /// <summary>Why a node with this configuration cannot join a cluster born with <paramref name="born"/>; null when it can.</summary>
    public string? MismatchWith(KeyspaceConfig born)
    {
        if (SlotCount != born.SlotCount)
        {
            return $"this node is configured with {SlotCount} slots but the cluster was born with {born.SlotCount}: " +
                $"its keys would hash to other slots. Start it with AkkaKv:SlotCount={born.SlotCount}";
        }

        if (ShardCount != born.ShardCount)
        {
            return $"this node is configured with {ShardCount} shards but the cluster was born with {born.ShardCount}: " +
                $"it would route slots to the wrong shards. Start it with AkkaKv:ShardCount={born.ShardCount}";
        }

        if (!string.Equals(Mode, born.Mode, StringComparison.OrdinalIgnoreCase))
        {
            return $"this node runs in {Mode} mode but the cluster was born in {born.Mode} mode: " +
                $"slots moving between them would gain or lose durability. Start it with AkkaKv:Mode={born.Mode}";
        }

        if (ReplicatedPrefixes is { } mine && born.ReplicatedPrefixes is { } theirs && !mine.SequenceEqual(theirs, StringComparer.Ordinal))
        {
            return $"this node replicates the keyspaces [{string.Join(", ", mine)}] but the cluster was born replicating " +
                $"[{string.Join(", ", theirs)}]: local reads on different nodes would see different keys. " +
                $"Start it with AkkaKv:Replication:Prefixes set to [{string.Join(", ", theirs)}]";
        }

        return null;
    }
}
