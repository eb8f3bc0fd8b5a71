using System.Net;
using System.Text;

namespace AkkaKv.Bench;

/// <summary>
/// Builds requests for one target. Everything that can be pre-computed (URIs, bodies) is built once at start-up
/// so the per-request client cost is one HttpRequestMessage + one ByteArrayContent for both targets.
/// </summary>
public abstract class Target
{
    protected Target(BenchOptions options)
    {
        Options = options;
        Value = MakeValue(options.ValueSize, options.Seed);
    }

    protected BenchOptions Options { get; }

    protected byte[] Value { get; }

    public abstract string Name { get; }

    public abstract HttpRequestMessage Put(int key);

    public abstract HttpRequestMessage Get(int key);

    /// <summary>Whether a successful GET response found the key (body is the first bytes of the response).</summary>
    public abstract bool IsHit(HttpStatusCode status, ReadOnlySpan<byte> body);

    /// <summary>Whether a GET that answers this status is a miss rather than an error.</summary>
    public abstract bool IsMissStatus(HttpStatusCode status);

    public static Target Create(BenchOptions o) => o.Target switch
    {
        TargetKind.AkkaKv => new AkkaKvTarget(o),
        TargetKind.Etcd => new EtcdTarget(o),
        _ => throw new ArgumentOutOfRangeException(nameof(o)),
    };

    public static string KeyName(int key) => "key:" + key.ToString(System.Globalization.CultureInfo.InvariantCulture);

    protected static HttpRequestMessage NewRequest(HttpMethod method, Uri uri, byte[]? body, string? contentType)
    {
        var req = new HttpRequestMessage(method, uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (body is not null)
        {
            var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            req.Content = content;
        }

        return req;
    }

    private static byte[] MakeValue(int size, int seed)
    {
        var rng = new Random(seed);
        var v = new byte[size];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (byte)('a' + rng.Next(26));
        }

        return v;
    }
}

/// <summary>AkkaKv: PUT /v1/kv/{key} with the raw value (text/plain); GET /v1/kv/{key} → 200 JSON or 404.</summary>
public sealed class AkkaKvTarget : Target
{
    private const string TextPlain = "text/plain; charset=utf-8";
    private readonly Uri[] _keyUris;

    public AkkaKvTarget(BenchOptions o)
        : base(o)
    {
        _keyUris = new Uri[o.Keys];
        var prefix = new Uri(o.Url, "v1/kv/").AbsoluteUri;
        for (var i = 0; i < _keyUris.Length; i++)
        {
            // ':' is a legal path character; the key is sent unescaped.
            _keyUris[i] = new Uri(prefix + KeyName(i), UriKind.Absolute);
        }
    }

    public override string Name => "akkakv";

    public override HttpRequestMessage Put(int key) => NewRequest(HttpMethod.Put, _keyUris[key], Value, TextPlain);

    public override HttpRequestMessage Get(int key) => NewRequest(HttpMethod.Get, _keyUris[key], null, null);

    public override bool IsHit(HttpStatusCode status, ReadOnlySpan<byte> body) => status == HttpStatusCode.OK;

    public override bool IsMissStatus(HttpStatusCode status) => status == HttpStatusCode.NotFound;
}

/// <summary>etcd 3.4 JSON gateway: POST /v3/kv/put and POST /v3/kv/range with base64 key/value (range is linearizable by default).</summary>
public sealed class EtcdTarget : Target
{
    private const string Json = "application/json";
    private static readonly byte[] KvsMarker = "\"kvs\""u8.ToArray();
    private readonly Uri _putUri;
    private readonly Uri _rangeUri;
    private readonly byte[][] _putBodies;
    private readonly byte[][] _rangeBodies;

    public EtcdTarget(BenchOptions o)
        : base(o)
    {
        _putUri = new Uri(o.Url, "v3/kv/put");
        _rangeUri = new Uri(o.Url, "v3/kv/range");
        var valueB64 = Convert.ToBase64String(Value);
        _putBodies = new byte[o.Keys][];
        _rangeBodies = new byte[o.Keys][];
        for (var i = 0; i < o.Keys; i++)
        {
            var keyB64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(KeyName(i)));
            _putBodies[i] = Encoding.UTF8.GetBytes("{\"key\":\"" + keyB64 + "\",\"value\":\"" + valueB64 + "\"}");
            _rangeBodies[i] = Encoding.UTF8.GetBytes(
                "{\"key\":\"" + keyB64 + "\"" + (o.EtcdSerializable ? ",\"serializable\":true}" : "}"));
        }
    }

    public override string Name => "etcd";

    public override HttpRequestMessage Put(int key) => NewRequest(HttpMethod.Post, _putUri, _putBodies[key], Json);

    public override HttpRequestMessage Get(int key) => NewRequest(HttpMethod.Post, _rangeUri, _rangeBodies[key], Json);

    // A range that finds nothing is still 200, just without "kvs" (the gateway omits empty fields).
    public override bool IsHit(HttpStatusCode status, ReadOnlySpan<byte> body) =>
        status == HttpStatusCode.OK && body.IndexOf(KvsMarker) >= 0;

    public override bool IsMissStatus(HttpStatusCode status) => false;
}
