using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Institutions;

public static class InstitutionsApi
{
    public static IEndpointRouteBuilder MapInstitutionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/institutions").WithTags("Institutions").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (ListInstitutionsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithSummary("Institutions the caller may see");

        return app;
    }
}
