using System.Collections.Concurrent;
using AkkaKv.Actors.Forwarding;

namespace AkkaKv.Actors.Tests.Forwarding;

public sealed class OutboxTests
{
    [Fact]
    public async Task Items_added_from_many_threads_all_arrive_in_batches_and_each_thread_s_items_in_order()
    {
        var sent = new ConcurrentQueue<List<(int Thread, int Seq)>>();
        var outbox = new Outbox<(int, int)>(items => sent.Enqueue(items), e => Assert.Fail(e.Message));
        const int Threads = 4, PerThread = 5000;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < PerThread; i++)
            {
                outbox.Add((t, i));
            }
        })));
        await WaitUntil(() => sent.Sum(b => b.Count) == Threads * PerThread);

        var all = sent.SelectMany(b => b).ToList();
        for (var t = 0; t < Threads; t++)
        {
            Assert.Equal(Enumerable.Range(0, PerThread), all.Where(x => x.Thread == t).Select(x => x.Seq));
        }

        Assert.All(sent, batch => Assert.InRange(batch.Count, 1, Outbox<int>.MaxBatch));
        // Under this load items share sends: far fewer sends than items.
        Assert.True(sent.Count < Threads * PerThread / 2, $"{sent.Count} sends for {Threads * PerThread} items");
    }

    [Fact]
    public async Task A_single_item_is_sent_without_waiting_for_more()
    {
        var sent = new ConcurrentQueue<List<int>>();
        var outbox = new Outbox<int>(items => sent.Enqueue(items), e => Assert.Fail(e.Message));

        outbox.Add(7);
        await WaitUntil(() => !sent.IsEmpty);

        Assert.Equal([7], Assert.Single(sent));
    }

    [Fact]
    public async Task A_send_that_throws_is_reported_and_the_outbox_keeps_sending()
    {
        var sent = new ConcurrentQueue<List<int>>();
        var failures = new ConcurrentQueue<Exception>();
        var outbox = new Outbox<int>(
            items =>
            {
                if (items.Contains(1))
                {
                    throw new InvalidOperationException("boom");
                }

                sent.Enqueue(items);
            },
            failures.Enqueue);

        outbox.Add(1);
        await WaitUntil(() => !failures.IsEmpty);
        outbox.Add(2);
        await WaitUntil(() => !sent.IsEmpty);

        Assert.Equal("boom", Assert.Single(failures).Message);
        Assert.Equal([2], Assert.Single(sent));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }
}
