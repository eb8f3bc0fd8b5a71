using System.Diagnostics;
using System.Reflection;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AkkaKv.Deploy.Tests;

/// <summary>An overlay as Kubernetes would receive it: <c>kubectl kustomize k8s/overlays/NAME</c>, parsed into one
/// <see cref="YamlObject"/> per document. A missing kubectl fails the test with how to get it.</summary>
public sealed class RenderedManifests
{
    private static readonly string RepositoryRoot = typeof(RenderedManifests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    private RenderedManifests(IReadOnlyList<YamlObject> objects) => Objects = objects;

    public IReadOnlyList<YamlObject> Objects { get; }

    public static async Task<RenderedManifests> RenderAsync(string overlay)
    {
        var info = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("kustomize");
        info.ArgumentList.Add(Path.Combine(RepositoryRoot, "k8s", "overlays", overlay));
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("kubectl is needed to render the manifests (its kustomize command); install kubectl", e);
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"kubectl kustomize {overlay} failed: {await error}");
            return new RenderedManifests(Parse(await output));
        }
    }

    public YamlObject Find(string kind, string name) =>
        Objects.Single(o => o.Text("kind") == kind && o.At("metadata").Text("name") == name);

    public IEnumerable<YamlObject> OfKind(string kind) => Objects.Where(o => o.Text("kind") == kind);

    private static List<YamlObject> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder().Build();
        var parser = new Parser(new StringReader(yaml));
        parser.Consume<StreamStart>();
        var documents = new List<YamlObject>();
        while (parser.Accept<DocumentStart>(out _))
        {
            documents.Add(new YamlObject(deserializer.Deserialize(parser)));
        }

        return documents;
    }
}

/// <summary>A node of a parsed YAML document (maps, lists and scalar strings, as YamlDotNet gives them).</summary>
public sealed class YamlObject(object? node)
{
    public object? Node { get; } = node;

    public bool Has(string key) => Node is IDictionary<object, object> map && map.ContainsKey(key);

    public YamlObject At(params string[] path)
    {
        var current = Node;
        foreach (var key in path)
        {
            current = current is IDictionary<object, object> map && map.TryGetValue(key, out var next)
                ? next
                : throw new KeyNotFoundException($"no '{key}' in the path {string.Join('.', path)}");
        }

        return new YamlObject(current);
    }

    public string Text(params string[] path) => At(path).Node as string ?? throw new InvalidCastException($"{string.Join('.', path)} is not a scalar");

    public IReadOnlyList<YamlObject> Items(params string[] path) =>
        At(path).Node is IList<object> list ? [.. list.Select(item => new YamlObject(item))] : [];
}
