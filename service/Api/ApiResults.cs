using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// The API's error answers, all ProblemDetails with a <c>detail</c> that says what to do. The mart
/// errors are handled in one place (<see cref="WithMartErrors{TBuilder}"/>) so that every endpoint,
/// whoever wrote it, answers "busy" the same way.
/// </summary>
public static class ApiResults
{
    public static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed for this key", detail: detail);

    /// <summary>
    /// 503 with <c>Retry-After</c> (whole seconds, at least 1): the mart is changing hands (a job
    /// writes) and a read did not get in within the reader patience. Clients should simply retry.
    /// </summary>
    public static IResult Busy(MartBusyException e)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
        var detail = e.Message.Contains("retry in", StringComparison.OrdinalIgnoreCase)
            ? e.Message
            : $"{e.Message.TrimEnd('.')}; retry in {seconds} s.";
        return new WithRetryAfter(seconds, Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The mart is busy", detail: detail,
            extensions: new Dictionary<string, object?> { ["retry_after_seconds"] = seconds }));
    }

    /// <summary>503 without a retry hint: the mart cannot be read at all (missing file, newer schema, held by another process).</summary>
    public static IResult Unavailable(MartException e) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The mart cannot be read", detail: e.Message);

    /// <summary>
    /// Turns a <see cref="MartBusyException"/> thrown by the handler into <see cref="Busy"/> and any
    /// other <see cref="MartException"/> into <see cref="Unavailable"/>; put it on an endpoint or a group.
    /// </summary>
    public static TBuilder WithMartErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (MartBusyException e)
            {
                return Busy(e);
            }
            catch (MartException e)
            {
                return Unavailable(e);
            }
        });

    /// <summary>Declares the problem responses an endpoint may give, for the OpenAPI document.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
            builder.ProducesProblem(status);
        return builder;
    }

    private sealed class WithRetryAfter(int seconds, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
