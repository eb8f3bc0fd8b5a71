using System.Security.Cryptography;
using System.Text;
using AkkaKv.Actors.Hosting;
using Microsoft.AspNetCore.Http;

namespace AkkaKv.Management;

/// <summary>Guards the endpoints that change the cluster or the node's settings: served on the management port only
/// (a node's public HTTP port must never let anyone take it out of the cluster), and with the configured token.</summary>
public sealed class ChangeGuard(AkkaKvSettings settings) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!ManagementEndpoint.Received(http))
        {
            // As if the route did not exist here: the public port only serves reads.
            await AdminErrors.NotFound(http, "this command is served on the management port only");
            return null;
        }

        if (settings.Management.Token is { Length: > 0 } token && !HasToken(http, token))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await AdminErrors.Write(http, StatusCodes.Status401Unauthorized, "unauthorized",
                "this command needs the management token (Authorization: Bearer <token>; akkakv --token or AKKAKV_TOKEN)");
            return null;
        }

        return await next(context);
    }

    private static bool HasToken(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time: the comparison must not tell an attacker how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}
