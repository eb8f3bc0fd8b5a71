using AkkaKv.Actors.Hosting;

namespace AkkaKv.Resp.Transport;

/// <summary>Which sockets layer serves RESP (<see cref="RespSettings.Transport"/>).</summary>
public static class RespTransport
{
    /// <summary>True for the epoll transport; false for Kestrel's. A value that names neither, or epoll where it cannot
    /// run, stops the node at startup with the reason.</summary>
    public static bool UsesEpoll(RespSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Transport.ToLowerInvariant() switch
        {
            "auto" => EpollNative.IsSupported,
            "kestrel" => false,
            "epoll" => EpollNative.IsSupported
                ? true
                : throw new InvalidOperationException("AkkaKv:Resp:Transport=epoll needs Linux on x86-64; use auto or kestrel"),
            var other => throw new InvalidOperationException(
                $"AkkaKv:Resp:Transport is '{other}'; it must be auto, epoll or kestrel"),
        };
    }

    /// <summary>The epoll threads to run: as configured, else one per two cores (the commands run on them, and the
    /// other cores are the journal's, the actors' and the thread pool's).</summary>
    public static int IoThreads(RespSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.IoThreads > 0 ? settings.IoThreads : Math.Max(1, Environment.ProcessorCount / 2);
    }
}
