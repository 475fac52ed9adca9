using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Circulars;

public static class CircularsApi
{
    /// <summary>The Circulars feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddCirculars(this IServiceCollection services)
    {
        services.AddScoped<ListCircularsHandler>();
        services.AddScoped<GetCircularHandler>();
        services.AddScoped<CreateCircularHandler>();
        services.AddScoped<UpdateCircularDatesHandler>();
        services.AddScoped<EditDraftHandler>();
        services.AddScoped<AmendCircularHandler>();
        services.AddScoped<RepealCircularHandler>();
        services.AddScoped<PublishCircularHandler>();
        services.AddScoped<CircularPublisher>();
        services.AddScoped<PreviewPublicationHandler>();
        services.AddScoped<PreviewDueDatesHandler>();
        services.AddScoped<GetCircularProgressHandler>();
        services.AddScoped<ListJurisdictionsHandler>();
        services.AddScoped<RefreshSchedulesJob>();
        return services;
    }

    public static IEndpointRouteBuilder MapCircularsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/circulars").WithTags("Circulars").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (ListCircularsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(ct)))
            .WithSummary("Circulars the caller may see");

        group.MapGet("/{id:int}", async (int id, GetCircularHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.HandleAsync(id, ct)))
            .WithSummary("One circular with its text and requirements")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (CreateCircularRequest request, CreateCircularHandler handler, CancellationToken ct) =>
            {
                var created = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/circulars/{created.Id}", created);
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Register a draft circular with its requirements")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/extract", async (HttpRequest request, CancellationToken ct) =>
                TypedResults.Ok(Extraction.CircularExtractor.Extract(await Extraction.ExtractionInput.ReadAsync(request, ct))))
            .RequireAuthorization(Policies.Supervisor)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(Extraction.ExtractionInput.MaxFileBytes + (1024 * 1024)))
            .Accepts<Extraction.ExtractRequest>("application/json", "multipart/form-data")
            .WithSummary("Read a circular's text (JSON text, or a .docx/.txt file): particulars, clause tree and typed requirements, each with its evidence; stores nothing")
            .ProducesValidationProblem();

        group.MapPost("/preview-due", (PreviewDueRequest request, PreviewDueDatesHandler handler) => TypedResults.Ok(handler.Handle(request)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("The first three due dates of a due rule (and the periods it exempts), with how each was counted; stores nothing");

        group.MapPatch("/{id:int}", async (int id, UpdateCircularDatesRequest request, UpdateCircularDatesHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Fill in dates the text did not give")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{id:int}", async (int id, CreateCircularRequest request, EditDraftHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.UpdateAsync(id, request, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Edit everything of a draft (metadata, text, requirements); a published circular is amended instead (409)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapDelete("/{id:int}", async (int id, EditDraftHandler handler, CancellationToken ct) =>
            {
                await handler.DeleteAsync(id, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Delete a draft, so its 文号 can be registered again; a published circular is repealed instead (409)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:int}/amend", async (int id, AmendCircularRequest request, AmendCircularHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Amend a published circular (deadline rules, who a requirement binds, targets, validity) by hand or by a later circular; open items follow, the institutions concerned are told")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:int}/repeal", async (int id, RepealCircularRequest request, RepealCircularHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, request, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Repeal (废止) a published circular from a day on: open items close as 已废止, later periods go, history stays; bound institutions are told")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{id:int}/publish", async (int id, PublishCircularHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Create obligations and due items for every applicable institution; publishing again adds none")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        return app;
    }
}
