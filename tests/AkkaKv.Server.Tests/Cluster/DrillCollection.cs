namespace AkkaKv.Server.Tests.Cluster;

/// <summary>The timed drills (failover, rolling deploy) run alone, after the parallel tests: their bounds are about the
/// cluster under test, and on a 2-core machine another suite's cluster starting beside them would be measured too.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DrillCollection
{
    public const string Name = "drills";
}
