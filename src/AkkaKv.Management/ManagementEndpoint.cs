using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace AkkaKv.Management;

/// <summary>The management listener and what it serves as: its listen options (to log the port actually bound, 0 in
/// tests) and how to tell a request on the management listener from one on the node's public HTTP port.</summary>
public sealed class ManagementEndpoint(ManagementIdentity identity)
{
    /// <summary>The connection item the management listener sets on each of its connections.</summary>
    internal const string ConnectionMark = "akkakv.management";

    public ManagementIdentity Identity { get; } = identity;

    public ListenOptions? Options { get; set; }

    /// <summary>Whether the request came in on the management listener (a node's public HTTP port serves the reads too).
    /// Told by a mark the listener puts on its connections, not by the port number: a public listener on another
    /// interface may use the same number.</summary>
    public static bool Received(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(ConnectionMark) == true;
}

/// <summary>What kind of member serves the endpoint, and where its other front ends listen (a node's HTTP and RESP
/// ports, read once bound; null on a lighthouse).</summary>
public sealed record ManagementIdentity(string Kind, Func<int?> HttpPort, Func<int?> RespPort)
{
    public const string NodeKind = "node";
    public const string LighthouseKind = "lighthouse";

    public static ManagementIdentity Lighthouse { get; } = new(LighthouseKind, () => null, () => null);
}
