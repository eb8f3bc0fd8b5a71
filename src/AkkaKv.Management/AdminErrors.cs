using Microsoft.AspNetCore.Http;

namespace AkkaKv.Management;

/// <summary>The management API's errors: the same <c>{"error", "message"}</c> shape and snake_case codes as the data API.</summary>
public static class AdminErrors
{
    public static Task NotFound(HttpContext context, string message) => Write(context, StatusCodes.Status404NotFound, "not_found", message);

    public static Task InvalidParameter(HttpContext context, string message) => Write(context, StatusCodes.Status400BadRequest, "invalid_parameter", message);

    public static Task Unavailable(HttpContext context, string message)
    {
        context.Response.Headers.RetryAfter = "1";
        return Write(context, StatusCodes.Status503ServiceUnavailable, "unavailable", message);
    }

    public static Task Write(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        return JsonResponse.WriteAsync(context, new AdminErrorResponse(code, message), ManagementJsonContext.Default.AdminErrorResponse);
    }
}
