using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Institutions;

public static class InstitutionsApi
{
    /// <summary>The Institutions feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddInstitutions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<InstitutionImportOptions>(configuration, InstitutionImportOptions.Section);
        services.AddScoped<ListInstitutionsHandler>();
        services.AddScoped<InstitutionRegistry>();
        services.AddScoped<CreateInstitutionHandler>();
        services.AddScoped<UpdateInstitutionHandler>();
        services.AddScoped<DeactivateInstitutionHandler>();
        services.AddScoped<ImportInstitutionsHandler>();
        services.AddScoped<InstitutionTemplateHandler>();
        services.AddScoped<CreateJurisdictionHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapInstitutionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/institutions").WithTags("Institutions").RequireAuthorization(Policies.SignedIn);
        var import = app.ServiceProvider.GetRequiredService<InstitutionImportOptions>();

        group.MapGet("/", async (HttpContext http, ListInstitutionsHandler handler, string? q, InstitutionType? type, InstitutionCategory? category, string? jurisdiction, bool? active, int? page, int? pageSize, CancellationToken ct) =>
            {
                var result = await handler.HandleAsync(new InstitutionQuery(q, type, category, jurisdiction, active, page, pageSize), ct);
                http.Response.Headers["X-Total-Count"] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return TypedResults.Ok(result.Items);
            })
            .WithSummary("Institutions the caller may see, filtered (q: name, short name or code; type; category; jurisdiction and below; active); paged with page/pageSize (total in X-Total-Count), all without them")
            .ProducesValidationProblem();

        group.MapGet("/template.xlsx", async (InstitutionTemplateHandler handler, CancellationToken ct) =>
                TypedResults.File(await handler.HandleAsync(ct), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", InstitutionTemplateHandler.FileName))
            .RequireAuthorization(Policies.ManageInstitutions)
            .WithSummary("The registry import template, with the valid types, categories and jurisdictions on its 填写说明 sheet");

        group.MapGet("/{code}", async (string code, ListInstitutionsHandler handler, CancellationToken ct) => TypedResults.Ok(await handler.GetAsync(code, ct)))
            .WithSummary("One institution the caller may see")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/", async (CreateInstitutionRequest request, CreateInstitutionHandler handler, CancellationToken ct) =>
            {
                var created = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/institutions/{Uri.EscapeDataString(created.Code)}", created);
            })
            .RequireAuthorization(Policies.ManageInstitutions)
            .WithSummary("Register an institution in a jurisdiction the caller manages; it takes on the circulars already published there")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{code}", async (string code, SaveInstitutionRequest request, UpdateInstitutionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(code, request, ct)))
            .RequireAuthorization(Policies.ManageInstitutions)
            .WithSummary("Edit an institution; a new parent or jurisdiction moves it with everything below it (cycles refused)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{code}/deactivate", async (string code, DeactivateInstitutionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(code, ct)))
            .RequireAuthorization(Policies.ManageInstitutions)
            .WithSummary("Deactivate an institution: history kept, no new obligations")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/import", async (IFormFile? file, ImportInstitutionsHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(file, ct)))
            .RequireAuthorization(Policies.ManageInstitutions)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(import.MaxFileBytes + (1024 * 1024)))
            .WithSummary("Import the registry from the template (.xlsx) or CSV (UTF-8 or GB18030): all or nothing, every bad cell named (errors keyed by cell, e.g. B7)")
            .ProducesValidationProblem();

        app.MapGroup("/api/jurisdictions").WithTags("Institutions").RequireAuthorization(Policies.ManageInstitutions)
            .MapPost("/", async (CreateJurisdictionRequest request, CreateJurisdictionHandler handler, CancellationToken ct) =>
            {
                var created = await handler.HandleAsync(request, ct);
                return TypedResults.Created($"/api/jurisdictions/{Uri.EscapeDataString(created.Code)}", created);
            })
            .WithSummary("Add an area below one the caller oversees (admins: anywhere), for a district not in the shipped list")
            .ProducesValidationProblem();

        return app;
    }
}
