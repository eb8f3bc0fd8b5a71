using Akka.Actor;
using Akka.Cluster;

namespace AkkaKv.Actors.Hosting;

/// <summary>Whether this node serves requests: only as an Up cluster member that is not shutting down. Front ends
/// refuse at once (retryable) otherwise, rather than let a request hang on a node that is joining, leaving or downed.</summary>
public static class NodeServing
{
    /// <summary>Null while the node serves; otherwise why not, worded for a client.</summary>
    public static string? UnavailableReason(ActorSystem system) =>
        UnavailableReason(CoordinatedShutdown.Get(system), Cluster.Get(system));

    /// <summary>The same, for a caller that asks once per request and keeps the two extensions (each Get is a lookup by
    /// type: ~1.4% of a node's samples under unpipelined RESP reads).</summary>
    public static string? UnavailableReason(CoordinatedShutdown shutdown, Cluster cluster)
    {
        if (shutdown.ShutdownReason is not null)
        {
            return "the node is shutting down; retry on another node";
        }

        var status = cluster.SelfMember.Status;
        return status == MemberStatus.Up ? null : $"the node is not serving (cluster status {status}); retry shortly";
    }
}
