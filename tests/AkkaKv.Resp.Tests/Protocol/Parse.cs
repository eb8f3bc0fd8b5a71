using System.Buffers;
using System.Text;
using AkkaKv.Resp.Protocol;

namespace AkkaKv.Resp.Tests.Protocol;

internal static class Parse
{
    /// <summary>Small limits, so the tests reach every limit with a few bytes.</summary>
    public static readonly RespLimits Limits = new(MaxBulkBytes: 64, MaxArguments: 8, MaxInlineBytes: 64);

    public static Parsed One(string text, RespLimits? limits = null) => One(Encoding.UTF8.GetBytes(text), limits);

    public static Parsed One(byte[] bytes, RespLimits? limits = null) => One(new ReadOnlySequence<byte>(bytes), limits);

    public static Parsed One(ReadOnlySequence<byte> bytes, RespLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(bytes);
        return Next(ref reader, new RespRequest(), limits ?? Limits);
    }

    /// <summary>Reads commands until one is not complete; the last entry is that Incomplete or Error.</summary>
    public static List<Parsed> All(ReadOnlySequence<byte> bytes, RespLimits? limits = null)
    {
        var reader = new SequenceReader<byte>(bytes);
        var request = new RespRequest();
        var results = new List<Parsed>();
        while (true)
        {
            var parsed = Next(ref reader, request, limits ?? Limits);
            results.Add(parsed);
            if (parsed.Status != ReadStatus.Complete)
            {
                return results;
            }
        }
    }

    /// <summary>One read, recording what it consumed from where the reader stood.</summary>
    public static Parsed Next(ref SequenceReader<byte> reader, RespRequest request, RespLimits limits)
    {
        var before = reader.Consumed;
        var status = RespReader.TryRead(ref reader, request, limits, out var error);
        var args = new List<byte[]>();
        if (status == ReadStatus.Complete)
        {
            for (var i = 0; i < request.Count; i++)
            {
                args.Add(request[i].ToArray());
            }
        }

        return new Parsed(status, reader.Consumed - before, error, args);
    }

    /// <summary>A RESP array of bulk strings, as clients send commands.</summary>
    public static byte[] Command(params byte[][] args)
    {
        var frame = new List<byte>(Encoding.ASCII.GetBytes($"*{args.Length}\r\n"));
        foreach (var arg in args)
        {
            frame.AddRange(Encoding.ASCII.GetBytes($"${arg.Length}\r\n"));
            frame.AddRange(arg);
            frame.AddRange("\r\n"u8.ToArray());
        }

        return [.. frame];
    }

    public static byte[] Command(params string[] args) => Command([.. args.Select(Encoding.UTF8.GetBytes)]);
}
