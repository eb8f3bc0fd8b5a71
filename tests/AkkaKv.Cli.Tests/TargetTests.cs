namespace AkkaKv.Cli.Tests;

public class TargetTests
{
    [Theory]
    [InlineData("127.0.0.1:9110", "127.0.0.1", 9110)]
    [InlineData("10.0.0.5", "10.0.0.5", 9110)]
    [InlineData("localhost:9111", "localhost", 9111)]
    [InlineData("akkakv-0.akkakv.default.svc", "akkakv-0.akkakv.default.svc", 9110)]
    [InlineData("[::1]:9112", "::1", 9112)]
    [InlineData("[::1]", "::1", 9110)]
    [InlineData("::1", "::1", 9110)]
    [InlineData("http://127.0.0.1:9113/", "127.0.0.1", 9113)]
    public void Parses_the_forms_an_operator_types(string text, string host, int port)
    {
        Assert.True(Target.TryParse(text, out var target));
        Assert.Equal(new Target(host, port), target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("127.0.0.1:port")]
    [InlineData("[::1")]
    [InlineData("[::1]9110")]
    [InlineData("bad host:9110")]
    [InlineData(":9110")]
    public void Rejects_what_is_not_an_address(string text) => Assert.False(Target.TryParse(text, out _));

    [Fact]
    public void An_IPv6_target_is_bracketed_in_the_url_and_when_shown()
    {
        Assert.True(Target.TryParse("[::1]:9110", out var target));
        Assert.Equal("[::1]:9110", target.ToString());
        Assert.Equal(new Uri("http://[::1]:9110/"), target.BaseUri);
    }

    [Fact]
    public void The_default_is_the_loopback_management_port() => Assert.Equal("127.0.0.1:9110", Target.Default.ToString());
}
