using System.Buffers;

namespace AkkaKv.Resp.Protocol;

/// <summary>The next commands of a pipeline, parsed before any of them runs: up to <see cref="Size"/> complete commands
/// of one read. Parsing ahead lets the connection read the keys of all of them into the cache first
/// (<see cref="Execution.RespContext.WarmKeys"/>), so that their cache misses overlap instead of each command waiting for
/// its own (Valkey 8 prefetches a pipeline's keys for the same reason). The first request is the connection's own; the
/// others are made when a client first pipelines, each with a small buffer that grows as its commands need.</summary>
public sealed class RequestWindow(RespRequest first)
{
    /// <summary>Commands parsed ahead at most: a window's misses then overlap (the core keeps some ten loads in flight),
    /// and the requests held stay few.</summary>
    public const int Size = 8;

    private readonly RespRequest?[] _requests = [first, .. new RespRequest?[Size - 1]];

    /// <summary>How many commands the last <see cref="Fill"/> parsed.</summary>
    public int Count { get; private set; }

    /// <summary>The command at <paramref name="index"/> (below <see cref="Count"/>).</summary>
    public RespRequest this[int index] => _requests[index]!;

    /// <summary>Parses complete commands from <paramref name="position"/> on (moving past them) until the window is full
    /// or the buffer holds no complete command. Returns how the last parse ended: <see cref="ReadStatus.Complete"/> when
    /// the window filled (more may follow), <see cref="ReadStatus.Incomplete"/> when the buffer ran out, or
    /// <see cref="ReadStatus.Error"/> with its message (the commands before it are in the window, to run first).</summary>
    public ReadStatus Fill(in ReadOnlySequence<byte> buffer, ref SequencePosition position, RespLimits limits, out string? error)
    {
        Count = 0;
        error = null;
        while (Count < Size)
        {
            var request = _requests[Count] ??= new RespRequest(arenaBytes: 256);
            var reader = new SequenceReader<byte>(buffer.Slice(position));
            var status = RespReader.TryRead(ref reader, request, limits, out error);
            if (status != ReadStatus.Complete)
            {
                return status;
            }

            position = reader.Position;
            if (request.Count > 0) // an empty array is no command: skipped, as Redis does
            {
                Count++;
            }
        }

        return ReadStatus.Complete;
    }

    /// <summary>Gives back the memory of requests that grew for a big command (after each read).</summary>
    public void Trim()
    {
        foreach (var request in _requests)
        {
            request?.Trim();
        }
    }
}
