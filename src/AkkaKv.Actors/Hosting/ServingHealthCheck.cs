using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaKv.Actors.Hosting;

/// <summary>Ready only while the node serves data: an Up member that is not leaving and not shutting down. A node told
/// to leave (a preStop hook's <c>akkakv cluster leave</c>) or sent SIGTERM turns unready at once, so Kubernetes takes
/// it out of its Services while its slots hand off; its data requests are refused with a retryable 503 meanwhile.</summary>
public sealed class ServingHealthCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(NodeServing.UnavailableReason(system) is { } reason
            ? HealthCheckResult.Unhealthy(reason)
            : HealthCheckResult.Healthy("an Up member, serving"));
}
