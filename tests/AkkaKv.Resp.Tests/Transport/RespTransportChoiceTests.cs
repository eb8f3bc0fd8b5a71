using System.Runtime.InteropServices;
using AkkaKv.Actors.Hosting;
using AkkaKv.Resp.Transport;

namespace AkkaKv.Resp.Tests.Transport;

public class RespTransportChoiceTests
{
    private static readonly bool EpollRunsHere =
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [Theory]
    [InlineData("kestrel")]
    [InlineData("Kestrel")]
    public void Kestrel_is_used_when_chosen(string transport) =>
        Assert.False(RespTransport.UsesEpoll(new RespSettings { Transport = transport }));

    [Fact]
    public void Auto_picks_epoll_exactly_where_it_runs() =>
        Assert.Equal(EpollRunsHere, RespTransport.UsesEpoll(new RespSettings()));

    [Fact]
    public void Epoll_is_used_when_chosen_or_refused_with_the_reason_where_it_cannot_run()
    {
        var settings = new RespSettings { Transport = "EPOLL" };
        if (EpollRunsHere)
        {
            Assert.True(RespTransport.UsesEpoll(settings));
        }
        else
        {
            var e = Assert.Throws<InvalidOperationException>(() => RespTransport.UsesEpoll(settings));
            Assert.Contains("needs Linux on x86-64", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("io_uring")]
    [InlineData("")]
    public void Any_other_transport_is_refused_with_the_choices(string transport)
    {
        var e = Assert.Throws<InvalidOperationException>(() => RespTransport.UsesEpoll(new RespSettings { Transport = transport }));
        Assert.Equal($"AkkaKv:Resp:Transport is '{transport}'; it must be auto, epoll or kestrel", e.Message);
    }

    [Fact]
    public void Io_threads_default_to_one_per_two_cores_and_at_least_one()
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), RespTransport.IoThreads(new RespSettings()));
        Assert.Equal(3, RespTransport.IoThreads(new RespSettings { IoThreads = 3 }));
    }
}
