using System.Globalization;
using AkkaKv.Actors.Hosting;
using AkkaKv.Lighthouse;
using Microsoft.Extensions.Configuration;

namespace AkkaKv.Deploy.Tests;

/// <summary>Every knob the manifests set is a setting the node or lighthouse really binds (an unknown name fails the
/// binding), and the ports, probes, Services and preStop hook agree with those settings.</summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Overlays() => ["local", "production"];

    private static readonly string[] Probes = ["startupProbe", "livenessProbe", "readinessProbe"];

    /// <summary>Environment variables that are not node settings, and why they are there.</summary>
    private static readonly HashSet<string> NotSettings =
    [
        "POD_NAME",     // the pod's name, for $(POD_NAME) in the public host names
        "AKKAKV_TOKEN", // read by the akkakv command line in the container (preStop hook, kubectl exec)
    ];

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_node_binds_every_variable_it_is_given_and_its_ports_match_the_settings(string overlay)
    {
        var manifests = await RenderedManifests.RenderAsync(overlay);
        var node = manifests.Find("StatefulSet", "akkakv");
        var container = Container(node);
        var env = Environment(node);

        Assert.All(env.Keys, name => Assert.True(name.StartsWith("AkkaKv__", StringComparison.Ordinal) || NotSettings.Contains(name), $"{name} is not a node setting"));
        var settings = Bind(env);
        UnsafeSettings.ThrowIfAny(settings);
        _ = DowningStrategies.ToOption(settings.Cluster);

        var ports = Ports(container);
        Assert.Equal(settings.Http.Port, ports["http"]);
        Assert.Equal(settings.Resp.Port, ports["resp"]);
        Assert.Equal(settings.Remote.Port, ports["akka-remote"]);
        Assert.Equal(settings.Management.Port, ports["management"]);
        Assert.True(settings.Cluster.ForwardingChannel);
        Assert.Equal(settings.Cluster.ForwardingChannelPort, ports["akka-forward"]);
        // Listening beyond the pod's loopback, and known to the others by the pod's stable name.
        Assert.All(new[] { settings.Http.Host, settings.Resp.Host, settings.Remote.Host, settings.Management.Host }, host => Assert.Equal("0.0.0.0", host));
        Assert.Equal($"akkakv-0.{node.Text("spec", "serviceName")}", settings.Remote.PublicHost);
        Assert.Equal(JournalProvider.PostgreSql, settings.Journal.Provider);
        Assert.False(string.IsNullOrEmpty(settings.Management.Token), "a management port reachable in the cluster needs a token");

        // The seeds are the lighthouse pods, at the lighthouse's own port.
        var lighthouse = manifests.Find("StatefulSet", "lighthouse");
        var lighthousePort = int.Parse(Environment(lighthouse)[LighthouseSettings.ClusterPort]!, CultureInfo.InvariantCulture);
        var replicas = int.Parse(lighthouse.Text("spec", "replicas"), CultureInfo.InvariantCulture);
        var service = lighthouse.Text("spec", "serviceName");
        Assert.Equal(
            Enumerable.Range(0, replicas).Select(i => $"akka.tcp://akkakv@lighthouse-{i}.{service}:{lighthousePort}"),
            settings.Remote.Seeds);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task The_lighthouse_takes_its_variables_and_every_lighthouse_is_a_seed(string overlay)
    {
        var manifests = await RenderedManifests.RenderAsync(overlay);
        var lighthouse = manifests.Find("StatefulSet", "lighthouse");
        var env = Environment(lighthouse);
        string[] clusterVariables = [LighthouseSettings.ClusterIp, LighthouseSettings.ClusterPort, LighthouseSettings.ClusterSeeds];

        Assert.All(env.Keys, name => Assert.True(
            name.StartsWith("AkkaKv__", StringComparison.Ordinal) || clusterVariables.Contains(name) || NotSettings.Contains(name), $"{name} is not a lighthouse setting"));
        var settings = Bind(env);
        var remote = LighthouseSettings.Apply(settings.Remote, env.Where(e => clusterVariables.Contains(e.Key)).ToDictionary());

        Assert.Equal(remote.Port, Ports(Container(lighthouse))["akka-remote"]);
        var service = lighthouse.Text("spec", "serviceName");
        Assert.Equal($"lighthouse-0.{service}", remote.PublicHost);
        Assert.Equal("0.0.0.0", remote.Host);
        // Every lighthouse pod, in ordinal order, as given (Apply would add the pod's own address if it were missing).
        var replicas = int.Parse(lighthouse.Text("spec", "replicas"), CultureInfo.InvariantCulture);
        Assert.Equal(
            Enumerable.Range(0, replicas).Select(i => $"akka.tcp://akkakv@lighthouse-{i}.{service}:{remote.Port}"),
            env[LighthouseSettings.ClusterSeeds]!.Split(','));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Probes_hooks_and_services_use_the_ports_and_paths_the_node_serves(string overlay)
    {
        var manifests = await RenderedManifests.RenderAsync(overlay);
        var node = manifests.Find("StatefulSet", "akkakv");
        var container = Container(node);
        var ports = Ports(container);

        Assert.Equal("/healthz/live", container.Text("startupProbe", "httpGet", "path"));
        Assert.Equal("/healthz/live", container.Text("livenessProbe", "httpGet", "path"));
        Assert.Equal("/healthz/ready", container.Text("readinessProbe", "httpGet", "path"));
        Assert.All(Probes, probe => Assert.Equal("http", container.Text(probe, "httpGet", "port")));

        var env = Environment(node);
        var settings = Bind(env);
        var preStop = container.Items("lifecycle", "preStop", "exec", "command").Select(c => (string)c.Node!).ToList();
        Assert.EndsWith($"akkakv 127.0.0.1:{settings.Management.Port} cluster leave", preStop[^1], StringComparison.Ordinal);
        // The command line in the pod must carry the very token the node checks, or the preStop leave gets a 401.
        Assert.Equal(env["AkkaKv__Management__Token"], env["AKKAKV_TOKEN"]);
        Assert.True(int.Parse(node.Text("spec", "template", "spec", "terminationGracePeriodSeconds"), CultureInfo.InvariantCulture) >= 30);

        // Each Service's targetPorts are named ports of the pods it selects; between them they expose all five.
        var exposed = new HashSet<string>();
        foreach (var service in manifests.OfKind("Service").Where(s => s.At("spec", "selector").Has("app.kubernetes.io/name") && s.Text("spec", "selector", "app.kubernetes.io/name") == "akkakv"))
        {
            foreach (var port in service.Items("spec", "ports"))
            {
                Assert.Contains(port.Text("targetPort"), ports.Keys);
                Assert.Equal(ports[port.Text("targetPort")], int.Parse(port.Text("port"), CultureInfo.InvariantCulture));
                exposed.Add(port.Text("name"));
            }
        }

        Assert.Equal(["akka-forward", "akka-remote", "http", "management", "resp"], exposed.Order(StringComparer.Ordinal));
        Assert.Equal("None", manifests.Find("Service", node.Text("spec", "serviceName")).Text("spec", "clusterIP"));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task Pods_run_as_non_root_with_a_read_only_root_and_a_disruption_budget(string overlay)
    {
        var manifests = await RenderedManifests.RenderAsync(overlay);
        foreach (var name in new[] { "akkakv", "lighthouse" })
        {
            var set = manifests.Find("StatefulSet", name);
            Assert.Equal("true", set.Text("spec", "template", "spec", "securityContext", "runAsNonRoot"));
            var container = Container(set);
            Assert.Equal("true", container.Text("securityContext", "readOnlyRootFilesystem"));
            Assert.Equal("false", container.Text("securityContext", "allowPrivilegeEscalation"));
            Assert.True(container.At("resources").Has("requests") && container.At("resources").Has("limits"), $"{name}: requests and limits");
            Assert.Contains(manifests.OfKind("PodDisruptionBudget"), pdb => pdb.Text("spec", "selector", "matchLabels", "app.kubernetes.io/name") == name);
        }
    }

    [Fact]
    public async Task The_local_overlay_creates_every_secret_the_pods_read()
    {
        var manifests = await RenderedManifests.RenderAsync("local");
        var secrets = manifests.OfKind("Secret").Select(s => s.Text("metadata", "name")).ToHashSet();
        var referenced = manifests.OfKind("StatefulSet")
            .SelectMany(set => Container(set).Items("env"))
            .Where(e => e.Has("valueFrom") && e.At("valueFrom").Has("secretKeyRef"))
            .Select(e => e.Text("valueFrom", "secretKeyRef", "name"))
            .ToList();

        Assert.NotEmpty(referenced);
        Assert.All(referenced, name => Assert.Contains(name, secrets));
    }

    private static YamlObject Container(YamlObject statefulSet) => statefulSet.Items("spec", "template", "spec", "containers").Single();

    private static Dictionary<string, int> Ports(YamlObject container) =>
        container.Items("ports").ToDictionary(p => p.Text("name"), p => int.Parse(p.Text("containerPort"), CultureInfo.InvariantCulture));

    /// <summary>The container's variables as the pod of ordinal 0 sees them: $(NAME) expanded as Kubernetes does, only
    /// from variables declared earlier in the list; a secret's value stood in for by its secret and key.</summary>
    private static Dictionary<string, string?> Environment(YamlObject statefulSet)
    {
        var pod = $"{statefulSet.Text("metadata", "name")}-0";
        var env = new Dictionary<string, string?>();
        foreach (var variable in Container(statefulSet).Items("env"))
        {
            var name = variable.Text("name");
            if (variable.Has("value"))
            {
                env[name] = System.Text.RegularExpressions.Regex.Replace(variable.Text("value"), @"\$\(([A-Za-z_][A-Za-z0-9_]*)\)",
                    m => env.TryGetValue(m.Groups[1].Value, out var earlier) ? earlier ?? string.Empty : m.Value);
            }
            else if (variable.At("valueFrom").Has("fieldRef"))
            {
                env[name] = pod;
            }
            else
            {
                env[name] = $"secret:{variable.Text("valueFrom", "secretKeyRef", "name")}/{variable.Text("valueFrom", "secretKeyRef", "key")}";
            }
        }

        return env;
    }

    /// <summary>Binds AkkaKv__… variables as the node does (the environment provider turns __ into :), refusing any
    /// name that is not a setting.</summary>
    private static AkkaKvSettings Bind(Dictionary<string, string?> env)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Where(e => e.Key.StartsWith("AkkaKv__", StringComparison.Ordinal))
                .Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
        return configuration.GetSection(AkkaKvSettings.SectionName).Get<AkkaKvSettings>(options => options.ErrorOnUnknownConfiguration = true)
               ?? new AkkaKvSettings();
    }
}
