using System.Text.Json;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster;
using Microsoft.AspNetCore.Http;

namespace AkkaKv.Management;

/// <summary>GET /v1/admin/cluster/events (<c>akkakv cluster tail</c>): membership events as NDJSON lines, the current
/// state first, until the client goes away. An actor subscribed to Akka.Cluster's events feeds the response.</summary>
public static class ClusterEventStream
{
    public static async Task StreamAsync(HttpContext context, ActorSystem system)
    {
        // A tail left open for hours must not let a slow reader grow the node's memory: past this many unsent lines
        // the oldest are dropped (membership changes are rare; a reader this far behind has stopped reading).
        var lines = Channel.CreateBounded<MemberEventLine>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var forwarder = system.ActorOf(Props.Create(() => new EventForwarder(lines.Writer)));
        try
        {
            context.Response.ContentType = "application/x-ndjson; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            await context.Response.StartAsync(context.RequestAborted);
            await foreach (var line in lines.Reader.ReadAllAsync(context.RequestAborted))
            {
                var bytes = JsonSerializer.SerializeToUtf8Bytes(line, ManagementJsonContext.Default.MemberEventLine);
                await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
                await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client stopped tailing: the normal end of this request.
        }
        finally
        {
            forwarder.Tell(PoisonPill.Instance);
        }
    }

    /// <summary>Subscribes to membership events (the current members first, as events) and writes each as a line.</summary>
    private sealed class EventForwarder : ReceiveActor
    {
        private readonly ChannelWriter<MemberEventLine> _lines;
        private bool _snapshot = true;

        public EventForwarder(ChannelWriter<MemberEventLine> lines)
        {
            _lines = lines;
            Receive<ClusterEvent.CurrentClusterState>(state =>
            {
                // InitialStateAsSnapshot: one line per current member, then the live events.
                foreach (var member in state.Members)
                {
                    Write(EventNameOf(member.Status), member);
                }

                foreach (var member in state.Unreachable)
                {
                    Write("UnreachableMember", member);
                }

                Write(new MemberEventLine(DateTimeOffset.UtcNow, "LeaderChanged", state.Leader?.ToString(), null, [], true));
                _snapshot = false;
            });
            Receive<ClusterEvent.IMemberEvent>(e => Write(e.GetType().Name switch
            {
                nameof(ClusterEvent.MemberJoined) => "MemberJoined",
                nameof(ClusterEvent.MemberWeaklyUp) => "MemberWeaklyUp",
                nameof(ClusterEvent.MemberUp) => "MemberUp",
                nameof(ClusterEvent.MemberLeft) => "MemberLeft",
                nameof(ClusterEvent.MemberExited) => "MemberExited",
                nameof(ClusterEvent.MemberDowned) => "MemberDowned",
                nameof(ClusterEvent.MemberRemoved) => "MemberRemoved",
                var other => other,
            }, e.Member));
            Receive<ClusterEvent.UnreachableMember>(e => Write("UnreachableMember", e.Member));
            Receive<ClusterEvent.ReachableMember>(e => Write("ReachableMember", e.Member));
            Receive<ClusterEvent.LeaderChanged>(e => Write(new MemberEventLine(DateTimeOffset.UtcNow, "LeaderChanged", e.Leader?.ToString(), null, [], false)));
        }

        protected override void PreStart() => Cluster.Get(Context.System).Subscribe(
            Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.LeaderChanged));

        protected override void PostStop()
        {
            Cluster.Get(Context.System).Unsubscribe(Self);
            _lines.TryComplete();
        }

        private void Write(string name, Member member) =>
            Write(new MemberEventLine(DateTimeOffset.UtcNow, name, member.Address.ToString(), member.Status.ToString(), ClusterAdminEndpoints.Roles(member), _snapshot));

        private void Write(MemberEventLine line) => _lines.TryWrite(line);

        private static string EventNameOf(MemberStatus status) => status switch
        {
            MemberStatus.Joining => "MemberJoined",
            MemberStatus.WeaklyUp => "MemberWeaklyUp",
            MemberStatus.Up => "MemberUp",
            MemberStatus.Leaving => "MemberLeft",
            MemberStatus.Exiting => "MemberExited",
            MemberStatus.Down => "MemberDowned",
            _ => "MemberRemoved",
        };
    }
}
