using System.Text.Json;
using AkkaKv.Management;

namespace AkkaKv.Server.Http;

/// <summary>Maps store errors to HTTP statuses and writes the JSON error body every failure gets.</summary>
public static class ApiErrors
{
    public static int StatusOf(KvErrorCode code) => code switch
    {
        KvErrorCode.NotFound => StatusCodes.Status404NotFound,
        KvErrorCode.VersionMismatch => StatusCodes.Status412PreconditionFailed,
        KvErrorCode.ValueTooLarge => StatusCodes.Status413PayloadTooLarge,
        KvErrorCode.Unavailable or KvErrorCode.Timeout => StatusCodes.Status503ServiceUnavailable,
        KvErrorCode.Internal => StatusCodes.Status500InternalServerError,
        KvErrorCode.OutOfMemory => StatusCodes.Status507InsufficientStorage,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>snake_case of the code: the stable string clients match on.</summary>
    public static string NameOf(KvErrorCode code) => JsonNamingPolicy.SnakeCaseLower.ConvertName(code.ToString());

    public static Task Write(HttpContext context, KvError error, long? currentVersion = null)
    {
        var response = context.Response;
        response.StatusCode = StatusOf(error.Code);
        if (response.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        return JsonResponse.WriteAsync(
            context, new ErrorResponse(NameOf(error.Code), error.Message, currentVersion), ApiJsonContext.Default.ErrorResponse);
    }

    public static Task Write(HttpContext context, KvErrorCode code, string message) => Write(context, new KvError(code, message));
}
