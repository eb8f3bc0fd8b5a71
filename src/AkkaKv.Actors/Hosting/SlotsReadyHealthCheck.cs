using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AkkaKv.Actors.Hosting;

/// <summary>Ready only when every slot has recovered and answered.</summary>
public sealed class SlotsReadyHealthCheck(SlotWarmup warmup) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(warmup.IsReady
            ? HealthCheckResult.Healthy("all slots recovered")
            : HealthCheckResult.Unhealthy("slots are still recovering"));
}
