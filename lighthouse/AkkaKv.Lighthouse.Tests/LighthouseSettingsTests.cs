using AkkaKv.Actors.Hosting;

namespace AkkaKv.Lighthouse.Tests;

public sealed class LighthouseSettingsTests
{
    private static readonly string[] Lighthouses = ["lh-0", "lh-1", "lh-2"];

    private static RemoteSettings Apply(Dictionary<string, string?> environment, RemoteSettings? configured = null) =>
        LighthouseSettings.Apply(configured ?? new RemoteSettings(), environment);

    [Fact]
    public void Alone_with_nothing_set_it_is_its_own_seed_on_the_node_defaults()
    {
        var remote = Apply([]);

        Assert.Equal("127.0.0.1", remote.Host);
        Assert.Null(remote.PublicHost);
        Assert.Equal(4053, remote.Port);
        Assert.Equal(["akka.tcp://akkakv@127.0.0.1:4053"], remote.Seeds);
    }

    [Fact]
    public void Cluster_ip_is_the_public_host_and_the_lighthouse_listens_on_every_interface()
    {
        var remote = Apply(new() { ["CLUSTER_IP"] = "lighthouse-0.lighthouse", ["CLUSTER_PORT"] = "4054" });

        Assert.Equal("lighthouse-0.lighthouse", remote.PublicHost);
        Assert.Equal("0.0.0.0", remote.Host);
        Assert.Equal(4054, remote.Port);
        Assert.Equal(["akka.tcp://akkakv@lighthouse-0.lighthouse:4054"], remote.Seeds);
    }

    [Fact]
    public void A_loopback_cluster_ip_keeps_the_loopback_bind()
    {
        var remote = Apply(new() { ["CLUSTER_IP"] = "127.0.0.1" });

        Assert.Equal("127.0.0.1", remote.Host);
        Assert.Equal("127.0.0.1", remote.PublicHost);
    }

    [Fact]
    public void A_bind_address_chosen_in_the_settings_is_kept()
    {
        var remote = Apply(new() { ["CLUSTER_IP"] = "10.0.0.5" }, new RemoteSettings { Host = "10.0.0.5" });

        Assert.Equal("10.0.0.5", remote.Host);
        Assert.Equal(["akka.tcp://akkakv@10.0.0.5:4053"], remote.Seeds);
    }

    [Fact]
    public void It_adds_itself_after_the_given_seeds()
    {
        var remote = Apply(new()
        {
            ["CLUSTER_IP"] = "lh-b",
            ["CLUSTER_SEEDS"] = "akka.tcp://akkakv@lh-a:4053",
        });

        // Last, not first: only the first seed of a list may form a new cluster, so lh-b joins lh-a and never forms an island.
        Assert.Equal(["akka.tcp://akkakv@lh-a:4053", "akka.tcp://akkakv@lh-b:4053"], remote.Seeds);
    }

    [Fact]
    public void It_is_not_added_twice_when_already_listed()
    {
        var remote = Apply(new()
        {
            ["CLUSTER_IP"] = "lh-a",
            ["CLUSTER_SEEDS"] = " akka.tcp://akkakv@lh-a:4053 , akka.tcp://akkakv@lh-b:4053,",
        });

        Assert.Equal(["akka.tcp://akkakv@lh-a:4053", "akka.tcp://akkakv@lh-b:4053"], remote.Seeds);
    }

    [Fact]
    public void Several_lighthouses_given_the_same_seeds_end_up_with_the_same_list()
    {
        const string seeds = "akka.tcp://akkakv@lh-0:4053,akka.tcp://akkakv@lh-1:4053,akka.tcp://akkakv@lh-2:4053";

        var lists = Lighthouses
            .Select(ip => Apply(new() { ["CLUSTER_IP"] = ip, ["CLUSTER_SEEDS"] = seeds }).Seeds)
            .ToList();

        // One first seed for all of them: lh-0 bootstraps, the others join it (and each other).
        Assert.All(lists, list => Assert.Equal(seeds.Split(','), list));
    }

    [Fact]
    public void Cluster_seeds_replace_the_configured_seeds_and_configured_ones_are_used_otherwise()
    {
        var configured = new RemoteSettings { Seeds = ["akka.tcp://akkakv@old:4053"] };

        Assert.Equal(
            ["akka.tcp://akkakv@new:4053", "akka.tcp://akkakv@127.0.0.1:4053"],
            Apply(new() { ["CLUSTER_SEEDS"] = "akka.tcp://akkakv@new:4053" }, configured).Seeds);
        Assert.Equal(
            ["akka.tcp://akkakv@old:4053", "akka.tcp://akkakv@127.0.0.1:4053"],
            Apply([], configured).Seeds);
        Assert.Equal(["akka.tcp://akkakv@old:4053"], configured.Seeds);
    }

    [Fact]
    public void Empty_variables_count_as_unset()
    {
        var remote = Apply(new() { ["CLUSTER_IP"] = "", ["CLUSTER_PORT"] = " ", ["CLUSTER_SEEDS"] = null });

        Assert.Equal(["akka.tcp://akkakv@127.0.0.1:4053"], remote.Seeds);
    }

    [Fact]
    public void An_ipv6_address_is_bracketed_in_the_seed()
    {
        var remote = Apply(new() { ["CLUSTER_IP"] = "::1", ["CLUSTER_SEEDS"] = "akka.tcp://akkakv@[::1]:4053" });

        Assert.Equal(["akka.tcp://akkakv@[::1]:4053"], remote.Seeds);
    }

    [Theory]
    [InlineData("CLUSTER_PORT", "abc", "CLUSTER_PORT 'abc' is not a port number (1-65535)")]
    [InlineData("CLUSTER_PORT", "-1", "CLUSTER_PORT '-1' is not a port number (1-65535)")]
    [InlineData("CLUSTER_PORT", "70000", "the lighthouse's port 70000 must be 1-65535 (set CLUSTER_PORT)")]
    [InlineData("CLUSTER_PORT", "0", "the lighthouse's port 0 must be 1-65535 (set CLUSTER_PORT)")]
    [InlineData("CLUSTER_IP", "host:4053", "CLUSTER_IP 'host:4053' is not a host name or IP address (the port goes in CLUSTER_PORT)")]
    [InlineData("CLUSTER_IP", "0.0.0.0", "CLUSTER_IP '0.0.0.0' must be the address other members reach this lighthouse at, not a wildcard")]
    [InlineData("CLUSTER_SEEDS", "lh-a:4053", "CLUSTER_SEEDS: 'lh-a:4053' is not a seed address like akka.tcp://akkakv@host:port")]
    [InlineData("CLUSTER_SEEDS", "akka.tcp://akkakv@lh-a", "CLUSTER_SEEDS: 'akka.tcp://akkakv@lh-a' is not a seed address like akka.tcp://akkakv@host:port")]
    [InlineData("CLUSTER_SEEDS", "akka.tcp://akkakv@lh-a:port", "CLUSTER_SEEDS: 'akka.tcp://akkakv@lh-a:port' is not a seed address like akka.tcp://akkakv@host:port")]
    [InlineData("CLUSTER_SEEDS", "http://akkakv@lh-a:4053", "CLUSTER_SEEDS: 'http://akkakv@lh-a:4053' is not a seed address like akka.tcp://akkakv@host:port")]
    [InlineData("CLUSTER_SEEDS", "akka.tcp://akkakv@lh-a:4053/user", "CLUSTER_SEEDS: 'akka.tcp://akkakv@lh-a:4053/user' is not a seed address like akka.tcp://akkakv@host:port")]
    [InlineData("CLUSTER_SEEDS", "akka.tcp://other@lh-a:4053", "CLUSTER_SEEDS: 'akka.tcp://other@lh-a:4053' names actor system 'other'; AkkaKv's is 'akkakv' (akka.tcp://akkakv@host:port)")]
    public void A_malformed_variable_is_refused_with_a_one_line_message(string name, string value, string message)
    {
        var error = Assert.Throws<FormatException>(() => Apply(new() { [name] = value }));

        Assert.Equal(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_malformed_configured_seed_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<FormatException>(() => Apply([], new RemoteSettings { Seeds = ["127.0.0.1:4053"] }));

        Assert.Equal("AkkaKv:Remote:Seeds: '127.0.0.1:4053' is not a seed address like akka.tcp://akkakv@host:port", error.Message);
    }

    [Fact]
    public void Listening_on_every_interface_without_a_public_address_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => Apply([], new RemoteSettings { Host = "0.0.0.0" }));

        Assert.Equal(
            "a lighthouse listening on 0.0.0.0 needs CLUSTER_IP (or AkkaKv:Remote:PublicHost): the address other members reach it at",
            error.Message);
    }
}
