using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Service.Api;

/// <summary>Roles as authorisation policies: each endpoint states the least role it needs.</summary>
public static class ApiAccess
{
    public static string Policy(Role role) => "role:" + role.ToString().ToLowerInvariant();

    public static IServiceCollection AddApiAccess(this IServiceCollection services)
    {
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorization(a =>
        {
            foreach (var role in Enum.GetValues<Role>())
                a.AddPolicy(Policy(role), p => p.RequireAuthenticatedUser().RequireAssertion(c =>
                    Enum.TryParse<Role>(c.User.FindFirst(Caller.RoleClaim)?.Value, out var held) && held >= role));
        });
        return services;
    }

    /// <summary>The endpoint needs at least <paramref name="role"/>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Role role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Policy(role));

    /// <summary>
    /// The ward a request may look at: the one asked for, or the key's own. A key restricted to one
    /// ward asking for another gets 403; null means "all wards" (unrestricted key, none asked).
    /// </summary>
    public static (string? Ward, IResult? Refusal) WardFor(Caller caller, string? asked)
    {
        var ward = string.IsNullOrWhiteSpace(asked) ? null : asked.Trim();
        if (caller.Ward is null) return (ward, null);
        if (ward is null || string.Equals(ward, caller.Ward, StringComparison.OrdinalIgnoreCase)) return (caller.Ward, null);
        // The ward asked for is not echoed: the answer is the same whether it exists or not, and says nothing of it.
        return (null, ApiResults.Forbidden(
            $"Khóa này chỉ dùng cho phường, xã {caller.Ward}; không xem được phường, xã khác. Bỏ tham số 'ward', hoặc hỏi ward={caller.Ward}.",
            $"This key is restricted to ward {caller.Ward}; it cannot see other wards. Leave out 'ward', or ask for ward={caller.Ward}."));
    }
}
