using Microsoft.AspNetCore.Builder;

namespace DiSu.Analytics.Service.Api;

/// <summary>The HTTP API under /api. Every endpoint needs a key; the role it needs is stated where it is mapped.</summary>
public static class ApiEndpoints
{
    public static WebApplication MapDisuApi(this WebApplication app)
    {
        app.MapReadEndpoints();
        app.MapReportEndpoints();
        app.MapPlanEndpoints();
        app.MapJobEndpoints();
        app.MapQueryApi();
        app.MapFileApi();
        return app;
    }
}
