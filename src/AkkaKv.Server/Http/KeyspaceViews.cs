using Akka.Actor;
using Akka.Hosting;
using AkkaKv.Actors.Coordination;
using AkkaKv.Coordination;

namespace AkkaKv.Server.Http;

/// <summary>Asks the keyspace coordinator for the slot map. It is briefly unreachable while it moves to another node
/// (exactly when an operator looks), so a slow answer is reported as none rather than holding the request.</summary>
public static class KeyspaceViews
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The coordinator's view, or null when it did not answer within <see cref="Timeout"/>.</summary>
    public static async Task<KeyspaceView?> AskAsync(IRequiredActor<KeyspaceCoordinator> coordinator, CancellationToken cancel)
    {
        try
        {
            var proxy = await coordinator.GetAsync(cancel);
            return await proxy.Ask<KeyspaceView>(GetKeyspaceView.Instance, Timeout, cancel);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
