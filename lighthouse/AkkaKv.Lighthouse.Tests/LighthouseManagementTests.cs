using AkkaKv.Management;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;

namespace AkkaKv.Lighthouse.Tests;

/// <summary>A lighthouse's only HTTP listener is its management endpoint: disabled, it listens on nothing at all.</summary>
public sealed class LighthouseManagementTests
{
    [Fact]
    public async Task With_management_disabled_the_lighthouse_runs_no_http_server()
    {
        // Kestrel with no endpoint would listen on its defaults (localhost:5000, or ASPNETCORE_HTTP_PORTS).
        await using var app = LighthouseHost.Build(["--AkkaKv:Management:Enabled=false"], new Dictionary<string, string?>());

        Assert.IsType<NoHttpServer>(app.Services.GetRequiredService<IServer>());
    }

    [Fact]
    public async Task With_management_enabled_the_lighthouse_serves_it_on_kestrel()
    {
        await using var app = LighthouseHost.Build(["--AkkaKv:Management:Port=0"], new Dictionary<string, string?>());

        Assert.IsNotType<NoHttpServer>(app.Services.GetRequiredService<IServer>());
    }
}
