using System.Globalization;
using System.Runtime;

namespace AkkaKv.Resp.Commands;

/// <summary>INFO's <c>mem_allocator</c>: which .NET garbage collector this process runs, as the runtime reports it (the
/// runtimeconfig, or a <c>DOTNET_</c> variable that overrides it): <c>dotnet-server-gc</c>, <c>dotnet-server-gc-datas</c>
/// when DATAS sizes the heaps, or <c>dotnet-workstation-gc</c>. The server ships Server GC with DATAS off, which the
/// cost of eviction depends on (README, "Memory budget and eviction"); this is where an operator sees which one is live.</summary>
public static class GarbageCollectorName
{
    public static string Current { get; } =
        !GCSettings.IsServerGC ? "dotnet-workstation-gc"
        : DynamicAdaptation() ? "dotnet-server-gc-datas"
        : "dotnet-server-gc";

    private static bool DynamicAdaptation() =>
        GC.GetConfigurationVariables().TryGetValue("GCDynamicAdaptationMode", out var mode) &&
        Convert.ToInt64(mode, CultureInfo.InvariantCulture) != 0;
}
