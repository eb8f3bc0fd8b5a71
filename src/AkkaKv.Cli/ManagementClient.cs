using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace AkkaKv.Cli;

/// <summary>HTTP to one management endpoint, with the protocol's errors and the ways of not getting an answer mapped
/// to <see cref="CliException"/>s: every command gets either a 2xx JSON body or an exception with its exit code.</summary>
public sealed class ManagementClient : IDisposable
{
    /// <summary>A dead address fails within this, so that <c>akkakv</c> in a script never hangs on a down node.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Every non-streaming request; the slowest server answer (slots) waits 2 s for the coordinator.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private static readonly UriCreationOptions RawPath = new() { DangerousDisablePathAndQueryCanonicalization = true };

    private readonly HttpClient _http;
    private readonly string? _token;

    public ManagementClient(Target target, string? token)
    {
        Target = target;
        _token = string.IsNullOrEmpty(token) ? null : token;
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            // The endpoint is loopback or a port-forward; an HTTP_PROXY meant for the internet must not be used for it.
            UseProxy = false,
        })
        {
            // Timeouts are per request (see SendAsync), so that the event stream can stay open.
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public Target Target { get; }

    public Task<JsonReply> GetAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Get, path, null, ct);

    public Task<JsonReply> PostJsonAsync(string path, string json, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, path, JsonContent(json), ct);

    public Task<JsonReply> PutJsonAsync(string path, string json, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, JsonContent(json), ct);

    /// <summary>A raw body: the data API stores it as the value (it reads JSON only when told so by Content-Type).</summary>
    public Task<JsonReply> PutTextAsync(string path, string text, CancellationToken ct) =>
        SendAsync(HttpMethod.Put, path, new StringContent(text, new UTF8Encoding(false), "text/plain"), ct);

    public Task<JsonReply> DeleteAsync(string path, CancellationToken ct) => SendAsync(HttpMethod.Delete, path, null, ct);

    /// <summary>One line at a time from an NDJSON stream, until the server ends it or <paramref name="ct"/> fires.
    /// Only the wait for the response headers has a timeout: a quiet cluster sends nothing for hours.</summary>
    public async IAsyncEnumerable<string> StreamLinesAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var request = NewRequest(HttpMethod.Get, path, null);
        using var response = await SendForHeadersAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw ServerErrorException.From((int)response.StatusCode, response.ReasonPhrase, await ReadBodyAsync(response, ct));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct);
            }
            catch (Exception e) when (e is HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                // The node went away mid-stream: the same as the server ending it, as far as a tail is concerned.
                yield break;
            }

            if (line is null)
            {
                yield break;
            }

            if (line.Length > 0)
            {
                yield return line;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonReply> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        using var request = NewRequest(method, path, content);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw ServerErrorException.From((int)response.StatusCode, response.ReasonPhrase, body);
            }

            return JsonReply.Parse(Target, body);
        }
        catch (Exception e) when (Describe(e, ct) is { } failure)
        {
            throw failure;
        }
    }

    private async Task<HttpResponseMessage> SendForHeadersAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (Describe(e, ct) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>Not reaching the address, or no answer in time, is exit 3; the caller's own cancellation (Ctrl-C)
    /// is left to propagate.</summary>
    private CliException? Describe(Exception e, CancellationToken callerToken)
    {
        if (e is CliException || callerToken.IsCancellationRequested)
        {
            return null;
        }

        if (ConnectionFailure.Reason(e) is { } reason)
        {
            return CliException.Unreachable(Target, reason);
        }

        return e is OperationCanceledException
            ? CliException.Unreachable(Target, $"no answer within {RequestTimeout.TotalSeconds:0} s")
            : null;
    }

    private HttpRequestMessage NewRequest(HttpMethod method, string path, HttpContent? content)
    {
        // Canonicalization would unescape %2E and drop "." and ".." segments, changing a key such as "a/../b".
        var uri = new Uri($"{Target.BaseUri.GetLeftPart(UriPartial.Authority)}/{path.TrimStart('/')}", RawPath);
        var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_token is not null)
        {
            // Only changes need it, but reads ignore it: sending it always keeps the client simple.
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        }

        return request;
    }

    private static StringContent JsonContent(string json) => new(json, new UTF8Encoding(false), "application/json");

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RequestTimeout);
        return await response.Content.ReadAsStringAsync(timeout.Token);
    }
}
