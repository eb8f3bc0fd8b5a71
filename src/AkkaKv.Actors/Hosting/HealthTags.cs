namespace AkkaKv.Actors.Hosting;

/// <summary>Tags that split health checks into the liveness and readiness endpoints.</summary>
public static class HealthTags
{
    public const string Live = "live";
    public const string Ready = "ready";
}
