using System.Security.Claims;
using System.Threading.RateLimiting;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// People sign in with a cookie beside the machines' API keys. The default scheme picks per request:
/// an API key when one is sent, else the cookie; so a signed-in person is the same <see cref="Caller"/>
/// (role, ward) as a key, and every endpoint's rule applies to both unchanged. Pages take only the
/// cookie. On /api a missing or expired cookie gets the API's own 401 and a refused role its 403.
/// </summary>
public static class WebAccess
{
    public const string Scheme = "DisuCookie";
    public const string DefaultScheme = "Disu";
    public const string CookieName = "disu-phien";
    public const string SignInLimit = "sign-in";
    public const string SignInPath = "/dang-nhap";
    public const string SignOutPath = "/dang-xuat";
    public const string NameClaim = "disu:name";
    public const string StampClaim = "disu:stamp";
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddWebAccess(this IServiceCollection services, ServeOptions options, string martPath, TimeProvider clock)
    {
        // Vietnamese as it is written: the default encoder would turn every letter with a diacritic into an entity.
        services.AddWebEncoders(e => e.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton(new UserStore(options.UsersPath(martPath), clock));
        services.AddSingleton<Audit>();
        services.AddSingleton<WebSignIn>();
        services.AddAuthentication(a =>
            {
                a.DefaultScheme = DefaultScheme;
                a.DefaultAuthenticateScheme = DefaultScheme;
                a.DefaultChallengeScheme = DefaultScheme;
                a.DefaultForbidScheme = DefaultScheme;
            })
            .AddPolicyScheme(DefaultScheme, "API key or signed-in person", p => p.ForwardDefaultSelector = Choose)
            .AddCookie(Scheme, c =>
            {
                c.Cookie.Name = CookieName;
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                c.ExpireTimeSpan = TimeSpan.FromMinutes(options.SignInIdleMinutes);
                c.SlidingExpiration = true;
                c.LoginPath = SignInPath;
                c.LogoutPath = SignOutPath;
                c.Events = new CookieAuthenticationEvents
                {
                    OnValidatePrincipal = Validate,
                    OnRedirectToLogin = e => IsApi(e.Request) ? e.HttpContext.ChallengeAsync(ApiKeyAuthentication.SchemeName) : Redirect(e),
                    OnRedirectToAccessDenied = e => IsApi(e.Request) ? e.HttpContext.ForbidAsync(ApiKeyAuthentication.SchemeName, e.Properties) : WebPages.Forbidden(e.HttpContext),
                    OnRedirectToLogout = e => Redirect(e),
                    OnRedirectToReturnUrl = e => Redirect(e),
                };
            });
        services.AddAuthorization(a =>
        {
            foreach (var section in WebSections.All)
                a.AddPolicy(section.Policy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireAssertion(c =>
                    Enum.TryParse<Role>(c.User.FindFirst(Caller.RoleClaim)?.Value, out var held) && held >= section.Role));
        });
        services.AddAntiforgery(a =>
        {
            a.Cookie.Name = "disu-af";
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            a.HeaderName = AntiforgeryHeader;
        });
        services.AddRateLimiter(r =>
        {
            r.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            r.OnRejected = (e, _) => WebPages.TooManyAttempts(e.HttpContext);
            // Only attempts count, per client address: showing the form is free.
            r.AddPolicy(SignInLimit, http => HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "?", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.SignInPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
                })
                : RateLimitPartition.GetNoLimiter("form"));
        });
        return services;
    }

    /// <summary>The claims of a signed-in person: the same role and ward claims an API key gives.</summary>
    public static ClaimsPrincipal Principal(WebUser user)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.Id), new(Caller.RoleClaim, user.Role.ToString()), new(NameClaim, user.Name), new(StampClaim, user.Stamp),
        };
        if (user.Ward is not null) claims.Add(new Claim(Caller.WardClaim, user.Ward));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    private static string Choose(HttpContext http)
    {
        var request = http.Request;
        if (request.Headers.ContainsKey(ApiKeyAuthentication.Header) || request.Headers.Authorization.Count > 0) return ApiKeyAuthentication.SchemeName;
        return IsApi(request) && !request.Cookies.ContainsKey(CookieName) ? ApiKeyAuthentication.SchemeName : Scheme;
    }

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/health") || request.Path.StartsWithSegments("/openapi.json");

    /// <summary>
    /// At every request the user is read again (from the cached file): a disabled user, or one whose
    /// password was changed since, is signed out at once rather than when the cookie expires.
    /// </summary>
    private static async Task Validate(CookieValidatePrincipalContext context)
    {
        var store = context.HttpContext.RequestServices.GetRequiredService<UserStore>();
        var id = context.Principal?.Identity?.Name;
        var user = id is null ? null : store.Find(id);
        if (user is null || user.Disabled || user.Stamp != context.Principal!.FindFirst(StampClaim)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
        }
    }

    private static Task Redirect<T>(RedirectContext<T> e) where T : AuthenticationSchemeOptions
    {
        e.Response.Redirect(e.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Only a path of this site is followed after sign-in: never another host (//evil, /\evil).</summary>
    public static string LocalReturn(string? url) =>
        url is { Length: > 0 } u && u[0] == '/' && (u.Length == 1 || (u[1] != '/' && u[1] != '\\')) && !u.Any(char.IsControl) ? u : "/";
}
