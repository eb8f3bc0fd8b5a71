using Akka.Actor;
using Akka.Cluster;

namespace AkkaKv.Actors.Hosting;

/// <summary>Whether this node serves requests: only as an Up cluster member that is not shutting down. Front ends
/// refuse at once (retryable) otherwise, rather than let a request hang on a node that is joining, leaving or downed.</summary>
public static class NodeServing
{
    /// <summary>Null while the node serves; otherwise why not, worded for a client.</summary>
    public static string? UnavailableReason(ActorSystem system)
    {
        if (CoordinatedShutdown.Get(system).ShutdownReason is not null)
        {
            return "the node is shutting down; retry on another node";
        }

        var status = Cluster.Get(system).SelfMember.Status;
        return status == MemberStatus.Up ? null : $"the node is not serving (cluster status {status}); retry shortly";
    }
}
