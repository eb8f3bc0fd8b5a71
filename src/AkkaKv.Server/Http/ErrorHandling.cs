using AkkaKv.Actors.Gateway;
using Microsoft.AspNetCore.Diagnostics;
using AkkaKv.Management;

namespace AkkaKv.Server.Http;

/// <summary>Every failure leaves as a JSON error: store errors with their status, unknown routes and methods as 404/405,
/// anything unexpected as 500 with a message and no stack trace (that goes to the log).</summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseJsonErrors(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(handler => handler.Run(context =>
        {
            var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            return error switch
            {
                KvException kv => ApiErrors.Write(context, kv.Error),
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                    ApiErrors.Write(context, KvErrorCode.ValueTooLarge, "the request body is over the node's limit"),
                BadHttpRequestException => ApiErrors.Write(context, KvErrorCode.MalformedRequest, "the request is malformed"),
                _ => ApiErrors.Write(context, KvErrorCode.Internal, "internal error; the node's log has the details"),
            };
        }));

        // Empty-bodied statuses from routing (no route, wrong method) get a JSON body too.
        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var code = context.Response.StatusCode;
            var message = code switch
            {
                StatusCodes.Status404NotFound => $"no route {context.Request.Method} {context.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
                _ => $"HTTP {code}",
            };
            await JsonResponse.WriteAsync(
                context,
                new ErrorResponse(code == StatusCodes.Status405MethodNotAllowed ? "method_not_allowed" : "not_found", message),
                ApiJsonContext.Default.ErrorResponse);
        });
        return app;
    }
}
