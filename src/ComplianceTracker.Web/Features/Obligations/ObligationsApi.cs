using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Obligations;

public static class ObligationsApi
{
    /// <summary>The Obligations feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddObligations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<DueItemMaterialsHandler>();
        services.AddScoped<ChaseDueItemHandler>();
        services.AddValidatedOptions<MaterialOptions>(configuration, MaterialOptions.Section);
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
        // The material upload may be larger than other requests: the file limit plus room for the multipart envelope.
        var materials = app.ServiceProvider.GetRequiredService<MaterialOptions>();
        var group = app.MapGroup("/api/obligations").WithTags("Obligations").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (
                DueItemStatus? status, string? institution, int? circularId, RequirementKind? kind, int? page, int? pageSize, string? q,
                ListDueItemsHandler handler, HttpContext http, CancellationToken ct) =>
            {
                var result = await handler.HandleAsync(new ListDueItemsQuery(status, institution, circularId, kind, page ?? 1, pageSize ?? 50, Q: q), ct);
                http.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Items);
            })
            .WithSummary("Due items (one-off deadlines and report periods) of the institutions the caller sees (q: words of the institution's name or code), paged (page, pageSize: 50); total in X-Total-Count");

        group.MapPost("/{id:int}/status", async (int id, ChangeDueItemStatusRequest request, ChangeDueItemStatusHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .WithSummary("Report a deadline met (institution), or confirm, waive or reopen it (supervisor)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:int}/remind", async (int id, ChaseDueItemHandler handler, CancellationToken ct) =>
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

        group.MapPost("/{id:int}/attachments", async (int id, IFormFile? file, [FromForm] string? note, DueItemMaterialsHandler handler, CancellationToken ct) =>
            {
                var material = await handler.UploadAsync(id, file, note, ct);
                return TypedResults.Created($"/api/obligations/{id}/attachments/{material.Id}", material);
            })
            .RequireAuthorization(Policies.Filing)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(materials.MaxFileBytes + (1024 * 1024)))
            .WithSummary("The institution uploads material for a one-off item (PDF, Word, Excel, JPEG, PNG), with a note")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{id:int}/attachments", async (int id, DueItemMaterialsHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(id, ct)))
            .WithSummary("The material of a one-off item, without content");

        group.MapGet("/{id:int}/attachments/{attachmentId:int}", async (int id, int attachmentId, DueItemMaterialsHandler handler, CancellationToken ct) =>
            {
                var file = await handler.ReadAsync(id, attachmentId, ct);
                return TypedResults.File(file.Content, file.ContentType, file.FileName);
            })
            .WithSummary("One file of a one-off item's material");

        group.MapDelete("/{id:int}/attachments/{attachmentId:int}", async (int id, int attachmentId, DueItemMaterialsHandler handler, CancellationToken ct) =>
            {
                await handler.RemoveAsync(id, attachmentId, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Filing)
            .WithSummary("The institution removes a file uploaded by mistake, before 报送");

        group.MapPost("/{id:int}/return", async (int id, ReturnDueItemRequest request, ChangeDueItemStatusHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ReturnAsync(id, request.Reason, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Supervisor returns what the institution handed in, with a reason; the reporters are told")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}

public sealed record ReturnDueItemRequest(string? Reason);
