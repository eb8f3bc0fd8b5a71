using System.Buffers;
using System.IO.Pipelines;
using AkkaKv.Resp.Execution;
using AkkaKv.Resp.Protocol;
using Microsoft.AspNetCore.Connections;
using Akka.Hosting;
using AkkaKv.Actors.Slots;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AkkaKv.Resp;

/// <summary>One RESP connection: reads what the client sent, runs every complete command in it (a pipeline's writes
/// go out together and their replies are awaited once), writes all replies, flushes once per read.</summary>
public sealed class RespConnectionHandler(IServiceProvider services, ILogger<RespConnectionHandler> log) : ConnectionHandler
{
    private RespNode? _node;

    /// <summary>Replies buffered beyond this are flushed mid-pipeline, so one read of many big GETs does not pile up.</summary>
    private const int FlushThreshold = 64 * 1024;

    public override Task OnConnectedAsync(ConnectionContext connection) =>
        ServeConnectionAsync(
            connection.Transport,
            connection.RemoteEndPoint,
            () => connection.Abort(new ConnectionAbortedException("the client went away or did not read its replies")),
            ThreadPoolResume.Instance,
            connection.ConnectionClosed);

    /// <summary>Serves one connection of either transport (Kestrel's, or <see cref="Transport.EpollRespListener"/>'s)
    /// until the client leaves; <paramref name="abort"/> closes the socket at once, dropping unsent replies;
    /// <paramref name="resume"/> runs the connection on once its awaited replies are in.</summary>
    public async Task ServeConnectionAsync(
        IDuplexPipe transport, System.Net.EndPoint? remote, Action abort, IResumeScheduler resume, CancellationToken closed)
    {
        var node = _node ??= await ResolveNodeAsync(closed);
        var session = new RespSession(node.NextClientId(), remote?.ToString() ?? "?")
        {
            Authenticated = node.Settings.Resp.Password is null,
            ReadConsistency = node.Gateway.Replication?.Settings.Read ?? AkkaKv.Replication.ReadConsistency.Linearizable,
        };
        var output = transport.Output;
        var ctx = new RespContext(node, session, new RespWriter(output), resume);
        node.CountConnection();
        node.Clients[session.Id] = session;
        try
        {
            await ServeAsync(transport.Input, output, ctx, closed);
        }
        catch (Exception e) when (e is ConnectionResetException or ConnectionAbortedException or OperationCanceledException or IOException)
        {
            // The client went away (or stopped reading for too long); nothing to answer. Abort closes the socket now:
            // a graceful close would wait, with the unread replies still queued, for a client that may never read them.
            abort();
        }
#pragma warning disable CA1031 // One connection's failure must not reach the others or the host; the client gets a clean error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "RESP connection {Id} failed", session.Id);
            ctx.Writer.Error("ERR internal error; the connection is closed");
            await output.FlushAsync(CancellationToken.None);
        }
        finally
        {
            ctx.Queue.Abandon();
            node.Clients.TryRemove(session.Id, out _);
        }
    }

    /// <summary>Kestrel creates this handler while it is configured, before the ActorSystem runs; the node's services
    /// need the shard region, so they are resolved on the first connection, once the region exists.</summary>
    private async Task<RespNode> ResolveNodeAsync(CancellationToken cancel)
    {
        await services.GetRequiredService<IRequiredActor<SlotRegion>>().GetAsync(cancel);
        return services.GetRequiredService<RespNode>();
    }

    private async Task ServeAsync(PipeReader input, PipeWriter output, RespContext ctx, CancellationToken closed)
    {
        var node = ctx.Node;
        var window = ctx.Window;
        while (true)
        {
            var read = await input.ReadAsync(closed);
            ctx.Tick();
            ctx.CheckServing();
            var buffer = read.Buffer;
            var position = buffer.Start;
            var commands = 0;
            var failed = false;
            while (!ctx.Session.Closing)
            {
                // A window of commands is parsed, their keys read ahead together, then they run one by one.
                var status = window.Fill(buffer, ref position, node.Limits, out var error);
                if (window.Count > 1)
                {
                    ctx.WarmKeys();
                }

                for (var i = 0; i < window.Count && !ctx.Session.Closing; i++)
                {
                    ctx.Request = window[i];
                    commands++;
                    var run = CommandDispatcher.Run(ctx);
                    if (!run.IsCompletedSuccessfully)
                    {
                        await run;
                    }

                    if (output.UnflushedBytes > FlushThreshold)
                    {
                        await ctx.FlushRepliesAsync();
                        await FlushAsync(output, node.Settings.Resp.OutputStallTimeout);
                    }
                }

                if (status == ReadStatus.Incomplete)
                {
                    break;
                }

                if (status == ReadStatus.Error)
                {
                    // Not RESP: answer in order, then close (the stream cannot be resynchronised), as Redis does.
                    await ctx.FlushRepliesAsync();
                    ctx.Writer.Error(error!);
                    failed = true;
                    break;
                }
            }

            node.CountCommands(commands);
            await ctx.FlushRepliesAsync();
            window.Trim();
            input.AdvanceTo(position, buffer.End);
            await FlushAsync(output, node.Settings.Resp.OutputStallTimeout);
            if (failed || ctx.Session.Closing || read.IsCompleted)
            {
                return;
            }
        }
    }

    /// <summary>Flushes; a client that has not read its replies for the stall timeout is disconnected, so its unread
    /// output never grows without bound (the transport stops accepting writes once its buffer is full).</summary>
    private static async ValueTask FlushAsync(PipeWriter output, TimeSpan stallTimeout)
    {
        var flush = output.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            return;
        }

        using var stalled = new CancellationTokenSource(stallTimeout);
        using (stalled.Token.Register(output.CancelPendingFlush))
        {
            var result = await flush;
            if (result.IsCanceled)
            {
                throw new OperationCanceledException("the client did not read its replies");
            }
        }
    }
}
