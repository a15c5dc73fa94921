using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// The API's error answers, all ProblemDetails with a <c>detail</c> that says what to do. A person
/// reads <c>title</c> and <c>detail</c> in Vietnamese; <c>title_en</c> and <c>detail_en</c> carry the
/// same in English for tools and logs (every problem has all four). The mart errors are handled in
/// one place (<see cref="WithMartErrors{TBuilder}"/>) so that every endpoint, whoever wrote it,
/// answers "busy" the same way.
/// </summary>
public static class ApiResults
{
    public static readonly Message BadRequestTitle = new("Yêu cầu không hợp lệ", "Bad request");
    public static readonly Message NotFoundTitle = new("Không tìm thấy", "Not found");
    public static readonly Message ForbiddenTitle = new("Khóa này không được phép", "Not allowed for this key");

    /// <summary>A problem in both languages: title and detail in Vietnamese, title_en and detail_en in English.</summary>
    public static IResult Problem(int status, Message title, Message detail, IDictionary<string, object?>? extensions = null)
    {
        var all = new Dictionary<string, object?>(extensions ?? new Dictionary<string, object?>(), StringComparer.Ordinal)
        {
            ["title_en"] = title.En,
            ["detail_en"] = detail.En,
        };
        return Results.Problem(statusCode: status, title: title.Vi, detail: detail.Vi, extensions: all);
    }

    public static IResult BadRequest(Message detail) => Problem(StatusCodes.Status400BadRequest, BadRequestTitle, detail);

    public static IResult BadRequest(Phrase vi, Phrase en) => BadRequest(Message.Of(vi, en));

    public static IResult NotFound(Message detail) => Problem(StatusCodes.Status404NotFound, NotFoundTitle, detail);

    public static IResult NotFound(Phrase vi, Phrase en) => NotFound(Message.Of(vi, en));

    public static IResult Forbidden(Message detail) => Problem(StatusCodes.Status403Forbidden, ForbiddenTitle, detail);

    public static IResult Forbidden(Phrase vi, Phrase en) => Forbidden(Message.Of(vi, en));

    /// <summary>
    /// 503 with <c>Retry-After</c> (whole seconds, at least 1): the mart is changing hands (a job
    /// writes) and a read did not get in within the reader patience. Clients should simply retry.
    /// </summary>
    public static IResult Busy(MartBusyException e)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
        var said = e.Text;
        var detail = said.En.Contains("retry in", StringComparison.OrdinalIgnoreCase)
            ? said
            : Message.Of($"{said.Vi.TrimEnd('.')}; hãy thử lại sau {seconds} giây.", $"{said.En.TrimEnd('.')}; retry in {seconds} s.");
        return new WithRetryAfter(seconds, Problem(StatusCodes.Status503ServiceUnavailable, new("Kho dữ liệu đang bận", "The mart is busy"), detail,
            new Dictionary<string, object?> { ["retry_after_seconds"] = seconds }));
    }

    /// <summary>503 without a retry hint: the mart cannot be read at all (missing file, newer schema, held by another process).</summary>
    public static IResult Unavailable(MartException e) =>
        Problem(StatusCodes.Status503ServiceUnavailable, new("Không đọc được kho dữ liệu", "The mart cannot be read"), e.Text);

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

    private sealed class WithRetryAfter(int seconds, IResult inner) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
