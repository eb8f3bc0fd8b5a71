using Akka.Cluster.Hosting.SBR;

namespace AkkaKv.Actors.Hosting;

/// <summary>Maps the configured Split Brain Resolver strategy to Akka.Cluster.Hosting's option; an unknown name or an
/// incomplete static quorum is refused at start-up rather than leaving the cluster without automatic downing.</summary>
public static class DowningStrategies
{
    public const string KeepMajority = "keep-majority";
    public const string StaticQuorum = "static-quorum";
    public const string KeepOldest = "keep-oldest";

    /// <summary>Decisions count kv members only: a lighthouse holds no data, so two lighthouses must not outvote the one
    /// node that does (keep-majority would otherwise down the data-holding side).</summary>
    public static SplitBrainResolverOption ToOption(ClusterSettings settings) => settings.DowningStrategy switch
    {
        KeepMajority => new KeepMajorityOption { Role = AkkaConfiguration.KvRole },
        StaticQuorum when settings.QuorumSize > 0 => new StaticQuorumOption { QuorumSize = settings.QuorumSize, Role = AkkaConfiguration.KvRole },
        StaticQuorum => throw new InvalidOperationException(
            "AkkaKv:Cluster:DowningStrategy=static-quorum needs AkkaKv:Cluster:QuorumSize (more than half of the planned members)"),
        // DownIfAlone: a crashed oldest node is downed by the others, instead of the whole cluster downing itself.
        KeepOldest => new KeepOldestOption { DownIfAlone = true, Role = AkkaConfiguration.KvRole },
        _ => throw new InvalidOperationException(
            $"AkkaKv:Cluster:DowningStrategy '{settings.DowningStrategy}' is not one of {KeepMajority}, {StaticQuorum}, {KeepOldest}"),
    };
}
