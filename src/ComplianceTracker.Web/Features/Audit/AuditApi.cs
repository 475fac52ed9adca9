using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Audit;

public static class AuditApi
{
    /// <summary>The Audit feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<ListAuditHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", (DateOnly? from, DateOnly? to, string? user, string? action, int? page, int? pageSize, ListAuditHandler handler, CancellationToken ct) =>
                handler.HandleAsync(from, to, user, action, page ?? 1, pageSize ?? 100, ct))
            .RequireAuthorization(Policies.Admin)
            .WithTags("Audit")
            .WithSummary("The audit log (sign-ins and privileged actions), newest first: from, to (yyyy-MM-dd, China time), user, action, page, pageSize");
        return app;
    }
}
