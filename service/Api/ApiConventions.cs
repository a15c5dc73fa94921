using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// What every endpoint shares and must be set up before the host is built: snake_case JSON, the
/// API key in the OpenAPI document, and 403 answers that name the role needed.
/// </summary>
public static class ApiConventions
{
    public const string BearerScheme = "bearer";
    public const string HeaderScheme = "api_key";

    public static IServiceCollection AddApiConventions(this IServiceCollection services)
    {
        // Like /health and the mart's own column names: snake_case everywhere.
        services.ConfigureHttpJsonOptions(j => j.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower);
        services.Configure<OpenApiOptions>("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "An API key as 'Authorization: Bearer KEY'. An administrator creates keys with 'disu serve key new'; the key's role " +
                                  "(leader < planner < officer < admin) and ward decide what it may see.",
                };
                document.Components.SecuritySchemes[HeaderScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.Header,
                    Description = $"The same API key as '{ApiKeyAuthentication.Header}: KEY'.",
                };
                return Task.CompletedTask;
            });
            // Only endpoints that need a key say so (/health and /openapi.json do not).
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any()) return Task.CompletedTask;
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] });
                return Task.CompletedTask;
            });
        });
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RoleForbiddenHandler>();
        return services;
    }

    /// <summary>
    /// A key whose role is too low gets a 403 naming the least role the endpoint needs (from its
    /// <see cref="ApiAccess.RequireRole{TBuilder}"/> policy), which <see cref="ApiKeyAuthentication"/> puts in the detail.
    /// </summary>
    private sealed class RoleForbiddenHandler : IAuthorizationMiddlewareResultHandler
    {
        private static readonly string Prefix = ApiAccess.Policy(Role.Leader)[..^"leader".Length];
        private readonly AuthorizationMiddlewareResultHandler fallback = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
            {
                // A group and its endpoint may both state a role: the highest is the one that refused.
                var needed = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
                    .Select(a => a.Policy).Where(p => p is not null && p.StartsWith(Prefix, StringComparison.Ordinal))
                    .Select(p => Enum.TryParse<Role>(p![Prefix.Length..], ignoreCase: true, out var role) ? role : (Role?)null)
                    .Max();
                if (needed is not null)
                {
                    var properties = new AuthenticationProperties();
                    properties.Items["needed"] = needed.Value.ToString().ToLowerInvariant();
                    return context.ForbidAsync(ApiKeyAuthentication.SchemeName, properties);
                }
            }
            return fallback.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
