using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace AkkaKv.Server.Http;

/// <summary>Reads the key from the raw request target rather than the routed value: ASP.NET leaves invalid UTF-8
/// percent-escapes in place and keeps %2F encoded, so only the raw bytes tell whether a key is valid.</summary>
public static class RawKey
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static KvError? TryRead(HttpContext context, string routePrefix, out string key)
    {
        key = string.Empty;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? target[..query] : target;
        if (!path.StartsWith(routePrefix, StringComparison.Ordinal))
        {
            // Absolute-form targets (rare): the decoded path is all there is.
            path = context.Request.Path.Value ?? string.Empty;
        }

        var encoded = path.AsSpan(Math.Min(routePrefix.Length, path.Length));
        var bytes = new byte[encoded.Length];
        var length = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            if (encoded[i] != '%')
            {
                if (encoded[i] > 0x7F)
                {
                    return new KvError(KvErrorCode.MalformedRequest, "the request path has a non-ASCII character; percent-encode the key");
                }

                bytes[length++] = (byte)encoded[i];
                continue;
            }

            if (i + 2 >= encoded.Length
                || !byte.TryParse(encoded.Slice(i + 1, 2), System.Globalization.NumberStyles.HexNumber, null, out var b))
            {
                return new KvError(KvErrorCode.MalformedRequest, "the key has a malformed percent-escape");
            }

            bytes[length++] = b;
            i += 2;
        }

        try
        {
            key = StrictUtf8.GetString(bytes, 0, length);
            return null;
        }
        catch (DecoderFallbackException)
        {
            return new KvError(KvErrorCode.InvalidUtf8, "the key is not valid UTF-8");
        }
    }
}
