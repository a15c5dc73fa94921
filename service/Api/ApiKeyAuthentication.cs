using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// Who is calling: the key's id or the signed-in person's user id (named in the audit log), its role
/// and the one ward it may see (null = all).
/// </summary>
public sealed record Caller(string KeyId, Role Role, string? Ward)
{
    public const string RoleClaim = "disu:role";
    public const string WardClaim = "disu:ward";

    /// <summary>A person signed in to the web workspace rather than an API key (the audit says user= instead of key=).</summary>
    public bool Person { get; init; }

    public bool Allows(Role needed) => Role >= needed;

    public static Caller From(ClaimsPrincipal user) =>
        new(user.Identity?.Name ?? "", Enum.Parse<Role>(user.FindFirstValue(RoleClaim) ?? nameof(Role.Leader)), user.FindFirstValue(WardClaim))
        {
            Person = user.Identity?.AuthenticationType == Web.WebAccess.Scheme,
        };
}

/// <summary>
/// API keys: <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>. The key is hashed and
/// compared in constant time with the configured hashes; the key itself is never stored or logged.
/// </summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ServeOptions serve)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Presented(Request);
        if (key is null) return Task.FromResult(AuthenticateResult.NoResult());
        var hash = Encoding.ASCII.GetBytes(ApiKeyOptions.Hash(key));
        var match = serve.Keys.FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(k.Sha256)));
        if (match is null) return Task.FromResult(AuthenticateResult.Fail("the API key is not known (it may have been rotated out)"));
        var claims = new List<Claim> { new(ClaimTypes.Name, match.Id), new(Caller.RoleClaim, match.Role.ToString()) };
        if (match.Ward is not null) claims.Add(new Claim(Caller.WardClaim, match.Ward));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    private static string? Presented(HttpRequest request)
    {
        if (request.Headers.TryGetValue(Header, out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString().Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiResults.Problem(401, new("Cần khóa API", "API key required"), DiSu.Analytics.Mart.Text.Message.Of(
                $"Hãy gửi khóa dạng 'Authorization: Bearer KHÓA' hoặc '{Header}: KHÓA'. Quản trị viên tạo khóa bằng 'disu serve key new'.",
                $"Send a key as 'Authorization: Bearer KEY' or '{Header}: KEY'. An administrator creates keys with 'disu serve key new'."))
            .ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var needed = properties.Items.TryGetValue("needed", out var n) ? n : null;
        await ApiResults.Forbidden(needed is null
                ? new("Vai trò của khóa này không được phép thực hiện yêu cầu này.", "This key's role does not allow this request.")
                : DiSu.Analytics.Mart.Text.Message.Of($"Yêu cầu này cần vai trò '{needed}' trở lên.", $"This request needs the role '{needed}' or higher."))
            .ExecuteAsync(Context);
    }
}
