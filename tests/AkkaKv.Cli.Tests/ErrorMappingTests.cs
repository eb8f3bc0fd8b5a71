using System.Net.Sockets;

namespace AkkaKv.Cli.Tests;

public class ErrorMappingTests
{
    [Fact]
    public void A_protocol_error_body_gives_its_code_and_one_line_message()
    {
        var e = ServerErrorException.From(412, "Precondition Failed",
            """{"error":"version_mismatch","message":"key greeting is at version 2","currentVersion":2}""");
        Assert.Equal(ExitCodes.ServerError, e.ExitCode);
        Assert.Equal("version_mismatch", e.Code);
        Assert.Equal("key greeting is at version 2", e.Message);
        Assert.Equal(2, e.Body!.Value.GetProperty("currentVersion").GetInt32());
    }

    [Fact]
    public void A_multi_line_message_is_made_one_line()
    {
        var e = ServerErrorException.From(500, null, """{"error":"internal","message":"first\nsecond"}""");
        Assert.Equal("first second", e.Message);
    }

    [Fact]
    public void A_body_that_is_not_the_protocol_still_gives_a_message()
    {
        var e = ServerErrorException.From(502, "Bad Gateway", "<html>proxy error</html>");
        Assert.Equal(ExitCodes.ServerError, e.ExitCode);
        Assert.Equal("http_502", e.Code);
        Assert.Equal("HTTP 502 Bad Gateway", e.Message);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused, "connection refused")]
    [InlineData(SocketError.HostNotFound, "unknown host")]
    [InlineData(SocketError.TryAgain, "unknown host")]
    [InlineData(SocketError.TimedOut, "timed out")]
    [InlineData(SocketError.NetworkUnreachable, "network unreachable")]
    public void Socket_errors_become_short_reasons(SocketError error, string reason) =>
        Assert.Equal(reason, ConnectionFailure.Reason(new HttpRequestException(HttpRequestError.ConnectionError, "x", new SocketException((int)error))));

    [Fact]
    public void The_connect_timeout_is_named()
    {
        var timeout = new TaskCanceledException("connect", new TimeoutException());
        Assert.Equal("no connection within 3 s", ConnectionFailure.Reason(timeout));
    }

    [Fact]
    public void An_answer_that_is_not_HTTP_suggests_the_wrong_port() =>
        Assert.Contains("management port", ConnectionFailure.Reason(new HttpRequestException(HttpRequestError.InvalidResponse, "bad")));

    [Fact]
    public void Other_exceptions_are_not_reachability_failures()
    {
        Assert.Null(ConnectionFailure.Reason(new InvalidOperationException()));
        Assert.Null(ConnectionFailure.Reason(new TaskCanceledException()));
    }

    [Fact]
    public void Unreachable_is_exit_3_and_says_where()
    {
        var e = CliException.Unreachable(new Target("10.0.0.5", 9110), "connection refused");
        Assert.Equal(3, e.ExitCode);
        Assert.Equal("cannot reach 10.0.0.5:9110: connection refused", e.Message);
    }
}
