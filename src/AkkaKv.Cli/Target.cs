using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace AkkaKv.Cli;

/// <summary>The management endpoint a command talks to: <c>host:port</c>, <c>host</c> (port 9110), <c>[::1]:9110</c>,
/// a bare IPv6 address, or the same with an <c>http://</c> prefix pasted from a browser or curl.</summary>
public sealed record Target(string Host, int Port)
{
    public const int DefaultPort = 9110;

    public static Target Default { get; } = new("127.0.0.1", DefaultPort);

    /// <summary>The base address of requests; an IPv6 host goes in brackets, as in a URL.</summary>
    public Uri BaseUri => new($"http://{HostForUri}:{Port}/");

    private string HostForUri => Host.Contains(':') ? $"[{Host}]" : Host;

    /// <summary>As the user would type it back: what the prompt and error messages show.</summary>
    public override string ToString() => $"{HostForUri}:{Port}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out Target? target)
    {
        target = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (s.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            s = s["http://".Length..].TrimEnd('/');
        }

        string host;
        string? port = null;
        if (s.StartsWith('['))
        {
            // [v6] or [v6]:port
            var close = s.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = s[1..close];
            var rest = s[(close + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':')
                {
                    return false;
                }

                port = rest[1..];
            }
        }
        else if (s.Count(c => c == ':') > 1)
        {
            // A bare IPv6 address has no port: "::1:9110" would be ambiguous, so brackets are needed for one.
            host = s;
        }
        else
        {
            var colon = s.IndexOf(':');
            host = colon < 0 ? s : s[..colon];
            port = colon < 0 ? null : s[(colon + 1)..];
        }

        var kind = Uri.CheckHostName(host);
        if (kind == UriHostNameType.Unknown || (host.Contains(':') && kind != UriHostNameType.IPv6))
        {
            return false;
        }

        var portNumber = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
        {
            return false;
        }

        target = new Target(host, portNumber);
        return true;
    }
}
