using Akka.Actor;
using AkkaKv.Actors.Hosting;

namespace AkkaKv.Server.Http;

/// <summary>Refuses data requests at once (503, retryable) while the node is not an Up cluster member or is shutting
/// down, instead of letting them hang until a timeout. Membership and management reads stay served: an operator looks
/// at a node exactly when it is joining or leaving.</summary>
public static class NodeAvailability
{
    public static IApplicationBuilder UseNodeAvailability(this IApplicationBuilder app) =>
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/v1/kv", StringComparison.Ordinal),
            branch => branch.Use(async (context, next) =>
            {
                var system = context.RequestServices.GetRequiredService<ActorSystem>();
                var reason = NodeServing.UnavailableReason(system);
                if (reason is null)
                {
                    await next(context);
                    return;
                }

                await ApiErrors.Write(context, KvErrorCode.Unavailable, reason);
            }));
}
