using Akka.Actor;
using AkkaKv.Actors.Forwarding;

namespace AkkaKv.Actors.Tests.Forwarding;

public sealed class ForwardedPromiseTests : Akka.TestKit.Xunit2.TestKit
{
    private IActorRefProvider Provider => ((ExtendedActorSystem)Sys).Provider;

    [Fact]
    public async Task A_batch_of_replies_completes_each_waiting_requester_with_its_own_reply()
    {
        var promises = Enumerable.Range(0, 5).Select(_ => new ForwardedPromise(Provider)).ToList();
        var waiting = promises.Select(p => p.WaitAsync(CancellationToken.None)).ToList();

        ForwardedPromise.CompleteAll(promises.Select((p, i) => (p, (object)$"reply {i}")).ToList());

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"reply {i}"), await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_passed_deadline_gives_up_and_a_late_reply_changes_nothing()
    {
        using var deadline = new CancellationTokenSource();
        var promise = new ForwardedPromise(Provider);
        var waiting = promise.WaitAsync(deadline.Token);

        await deadline.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        promise.Tell("too late", ActorRefs.NoSender);
        await Task.Delay(100);
        Assert.True(waiting.IsCanceled);
    }

    [Fact]
    public async Task A_reply_sent_to_its_path_arrives_and_the_path_is_released_once_answered()
    {
        var promise = new ForwardedPromise(Provider);
        var waiting = promise.WaitAsync(CancellationToken.None);
        var path = promise.Path; // what a rerouted command's sender is serialized as

        // As remoting delivers a reply to a serialized sender: resolve the path, then tell.
        var resolved = Provider.ResolveActorRef(path);
        Assert.Same(promise, resolved);
        resolved.Tell("by path", ActorRefs.NoSender);

        Assert.Equal("by path", await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.NotSame(promise, Provider.ResolveActorRef(path));
    }
}
