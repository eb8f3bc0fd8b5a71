using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using static Akka.Cluster.ClusterEvent;

namespace AkkaKv.Lighthouse;

/// <summary>Logs the lighthouse coming up and every member joining, leaving or becoming unreachable: what an operator
/// reads to see the cluster form.</summary>
public sealed class MembershipLog : ReceiveActor
{
    private readonly Cluster _cluster = Cluster.Get(Context.System);
    private readonly ILogger _logger;
    private readonly string _seeds;

    public MembershipLog(ILogger logger, IReadOnlyList<string> seeds)
    {
        _logger = logger;
        _seeds = string.Join(", ", seeds);

        Receive<MemberUp>(up =>
        {
            if (up.Member.Address.Equals(_cluster.SelfAddress))
            {
                _logger.LogInformation("lighthouse {Address} up; seeds: {Seeds}", _cluster.SelfAddress, _seeds);
            }
            else
            {
                _logger.LogInformation("member up: {Address} {Roles}", up.Member.Address, Roles(up.Member));
            }
        });
        Receive<MemberJoined>(joined => _logger.LogInformation("member joining: {Address} {Roles}", joined.Member.Address, Roles(joined.Member)));
        Receive<MemberWeaklyUp>(weaklyUp => _logger.LogInformation("member weakly up: {Address} {Roles}", weaklyUp.Member.Address, Roles(weaklyUp.Member)));
        Receive<MemberLeft>(left => _logger.LogInformation("member leaving: {Address}", left.Member.Address));
        Receive<MemberExited>(exited => _logger.LogInformation("member exited: {Address}", exited.Member.Address));
        Receive<MemberRemoved>(removed => _logger.LogInformation(
            "member removed: {Address} (was {Status})", removed.Member.Address, removed.PreviousStatus));
        Receive<UnreachableMember>(unreachable => _logger.LogWarning("member unreachable: {Address}", unreachable.Member.Address));
        Receive<ReachableMember>(reachable => _logger.LogInformation("member reachable again: {Address}", reachable.Member.Address));
        ReceiveAny(_ => { });
    }

    protected override void PreStart()
    {
        _logger.LogInformation("lighthouse {Address} joining; seeds: {Seeds}", _cluster.SelfAddress, _seeds);
        // As events, so the members already there when this starts are logged too.
        _cluster.Subscribe(Self, SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));
    }

    protected override void PostStop() => _cluster.Unsubscribe(Self);

    private static string Roles(Member member) => $"[{string.Join(", ", member.Roles)}]";
}

public static class MembershipLogExtensions
{
    public static AkkaConfigurationBuilder AddMembershipLog(this AkkaConfigurationBuilder builder, IReadOnlyList<string> seeds) =>
        builder.WithActors((system, _, resolver) =>
        {
            var logger = resolver.GetService<ILoggerFactory>().CreateLogger<MembershipLog>();
            system.ActorOf(Props.Create(() => new MembershipLog(logger, seeds)), "membership-log");
        });
}
