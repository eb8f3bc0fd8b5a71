// akkakv-cluster-bench: the remote path in isolation. Starts --nodes AkkaKv nodes (each its own ActorSystem, remoting on
// 127.0.0.1, cache mode so no journal is measured) in this one process, waits until the slots are spread over them,
// then drives writes and reads through node 0's gateway (--through one) or round-robin over all nodes (--through all)
// with --concurrency requests in flight, and prints ops/s. --wire json binds the slot messages to Akka's JSON serializer
// instead of the binary one, to measure what the binary serializer buys; --forwarding off sends remote commands through
// the shard region instead of batching them to the slot's node (AkkaKv:Cluster:Forwarding); --hocon "<config>" adds
// Akka configuration.
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Actors.Gateway;
using AkkaKv.Actors.Hosting;
using AkkaKv.Actors.Serialization;
using AkkaKv.Coordination;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

var options = Options.Parse(args);
var hosts = new List<IHost>();
try
{
    for (var i = 0; i < options.Nodes; i++)
    {
        hosts.Add(await StartNodeAsync(i == 0 ? null : Address(hosts[0]), options));
    }

    await WaitUntilAsync(async () =>
    {
        var view = await Coordinator(hosts[0]).Ask<KeyspaceView>(GetKeyspaceView.Instance, TimeSpan.FromSeconds(5));
        return hosts.All(h => h.Services.GetRequiredService<SlotWarmup>().IsReady)
            && view.Slots.All(s => s.Owner is not null)
            && view.Slots.GroupBy(s => s.Owner).Count(g => g.Count() >= 0.85 * view.Slots.Count / options.Nodes) == options.Nodes;
    }, "slots spread evenly over every node");
    var local = Enumerable.Range(0, 1024).Count(slot => Gateway(hosts[0]).LocalSlots.Find(slot) is not null);
    Console.WriteLine(FormattableString.Invariant(
        $"nodes={options.Nodes} wire={options.Wire} forwarding={options.Forwarding} through={options.Through} concurrency={options.Concurrency} slots-local-to-node0={local}/1024"));

    var gateways = options.Through == "all" ? hosts.Select(Gateway).ToArray() : [Gateway(hosts[0])];
    var keys = Enumerable.Range(0, options.Keys).Select(i => $"key:{i:D8}").ToArray();
    await RunAsync("warmup", gateways, keys, options, TimeSpan.FromSeconds(3), write: true);
    await RunAsync("PUT", gateways, keys, options, TimeSpan.FromSeconds(options.Seconds), write: true);
    await RunAsync("GET", gateways, keys, options, TimeSpan.FromSeconds(options.Seconds), write: false);
}
finally
{
    foreach (var host in Enumerable.Reverse(hosts))
    {
        await host.StopAsync(TimeSpan.FromSeconds(20));
        host.Dispose();
    }
}

static async Task RunAsync(string name, KvGateway[] gateways, string[] keys, Options options, TimeSpan duration, bool write)
{
    long ops = 0, errors = 0;
    var stop = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, options.Concurrency).Select(w => Task.Run(async () =>
    {
        var random = new Random(w);
        var n = 0L;
        while (stop.Elapsed < duration)
        {
            var gateway = gateways[n++ % gateways.Length];
            var key = keys[random.Next(keys.Length)];
            try
            {
                if (write)
                {
                    await gateway.PutAsync(key, "value-of-" + key, null, null);
                }
                else
                {
                    await gateway.GetAsync(key);
                }

                Interlocked.Increment(ref ops);
            }
            catch (KvException)
            {
                Interlocked.Increment(ref errors);
            }
        }
    })).ToArray();
    await Task.WhenAll(workers);
    if (name != "warmup")
    {
        Console.WriteLine(FormattableString.Invariant($"{name} {ops / stop.Elapsed.TotalSeconds:F0} ops/s ({errors} errors)"));
    }
}

static async Task<IHost> StartNodeAsync(string? seed, Options options)
{
    var (wire, hocon) = (options.Wire, options.Hocon);
    var settings = new AkkaKvSettings
    {
        Mode = StorageMode.Cache,
        Remote = new RemoteSettings { Host = "127.0.0.1", Port = 0, Seeds = seed is null ? [] : [seed] },
        Cluster = new AkkaKv.Actors.Hosting.ClusterSettings { Forwarding = options.Forwarding == "on" },
    };
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
    builder.Logging.SetMinimumLevel(LogLevel.Warning);
    builder.Services.AddAkkaKvNode(settings, akka =>
    {
        akka.AddHocon("akka.loglevel = WARNING", HoconAddMode.Prepend);
        if (hocon.Length > 0)
        {
            akka.AddHocon(hocon, HoconAddMode.Prepend); // --hocon: try a remoting or dispatcher setting against the defaults
        }

        if (wire == "json")
        {
            // The same types bound to Akka's default JSON serializer, as before the binary one existed.
            var bindings = string.Join("\n", KvMessageSerializer.BoundTypes.Select(t => $"\"{t.FullName}, {t.Assembly.GetName().Name}\" = json"));
            akka.AddHocon($"akka.actor.serialization-bindings {{\n{bindings}\n}}", HoconAddMode.Prepend);
        }
    });
    var host = builder.Build();
    await host.StartAsync();
    return host;
}

static string Address(IHost node) => Akka.Cluster.Cluster.Get(node.Services.GetRequiredService<ActorSystem>()).SelfAddress.ToString();

static KvGateway Gateway(IHost node) => node.Services.GetRequiredService<KvGateway>();

static IActorRef Coordinator(IHost node) => node.Services.GetRequiredService<IRequiredActor<KeyspaceCoordinator>>().ActorRef;

static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
{
    var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
    while (!await condition())
    {
        if (DateTime.UtcNow > deadline)
        {
            throw new TimeoutException($"timed out waiting for {what}");
        }

        await Task.Delay(500);
    }
}

internal sealed record Options(int Nodes, int Seconds, int Concurrency, int Keys, string Wire, string Through, string Forwarding, string Hocon)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var wire = Get("wire", "binary");
        var through = Get("through", "one");
        var forwarding = Get("forwarding", "on");
        if (wire is not ("binary" or "json") || through is not ("one" or "all") || forwarding is not ("on" or "off"))
        {
            throw new ArgumentException("--wire binary|json, --through one|all, --forwarding on|off");
        }

        return new Options(Int("nodes", 3), Int("seconds", 10), Int("concurrency", 256), Int("keys", 100_000), wire, through, forwarding, Get("hocon", ""));
    }
}
