using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Dashboard;

/// <summary>The leaders' dashboard: one handler behind the page and <c>GET /api/dashboard</c>.</summary>
public static class DashboardApi
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddScoped<GetDashboardHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard", async (string? form, string? period, GetDashboardHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(form, period, ct)))
            .WithTags("Dashboard")
            .RequireAuthorization(Policies.Oversight)
            .WithSummary("The leaders' dashboard: expected, reported, on time, who has not reported, like-for-like totals, overdue items, targets at risk; a period not yet due is 进行中");
        return app;
    }
}
