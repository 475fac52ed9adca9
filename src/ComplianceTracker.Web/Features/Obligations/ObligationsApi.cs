using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Obligations;

public static class ObligationsApi
{
    /// <summary>The Obligations feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddObligations(this IServiceCollection services)
    {
        services.AddScoped<ListDueItemsHandler>();
        services.AddScoped<CountOverdueByInstitutionHandler>();
        services.AddScoped<ChangeDueItemStatusHandler>();
        services.AddScoped<GetDueItemHandler>();
        services.AddScoped<GetDueItemHistoryHandler>();
        services.AddScoped<MarkOverdueJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapObligationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/obligations").WithTags("Obligations").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (
                DueItemStatus? status, string? institution, int? circularId, RequirementKind? kind, int? page, int? pageSize,
                ListDueItemsHandler handler, HttpContext http, CancellationToken ct) =>
            {
                var result = await handler.HandleAsync(new ListDueItemsQuery(status, institution, circularId, kind, page ?? 1, pageSize ?? 50), ct);
                http.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Items);
            })
            .WithSummary("Due items (one-off deadlines and report periods) of the institutions the caller sees; total in X-Total-Count");

        group.MapPost("/{id:int}/status", async (int id, ChangeDueItemStatusRequest request, ChangeDueItemStatusHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .WithSummary("Report a deadline met (institution), or confirm, waive or reopen it (supervisor)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:int}/remind", async (int id, Notifications.ChaseDueItemHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Supervisor sends a reminder (催报) to the institution's reporters now")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id:int}", async (int id, GetDueItemHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, ct)))
            .WithSummary("One due item: the requirement's words, its circular, the period, the due moment and how it was counted")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{id:int}/history", async (int id, GetDueItemHistoryHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, ct)))
            .WithSummary("Every status change of a due item: who, when, why");

        return app;
    }
}
