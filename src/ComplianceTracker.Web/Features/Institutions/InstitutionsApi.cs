using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Institutions;

public static class InstitutionsApi
{
    /// <summary>The Institutions feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddInstitutions(this IServiceCollection services)
    {
        services.AddScoped<ListInstitutionsHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapInstitutionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/institutions").WithTags("Institutions").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (ListInstitutionsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithSummary("Institutions the caller may see");

        return app;
    }
}
