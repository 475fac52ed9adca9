using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.FormAuthoring;

/// <summary>Forms people author: proposed from a statistics table, created and edited by supervisors, rules checked as typed.</summary>
public static class FormAuthoringApi
{
    public static IServiceCollection AddFormAuthoring(this IServiceCollection services)
    {
        services.AddScoped<FormAuthoringQueries>();
        services.AddScoped<SaveFormHandler>();
        services.AddScoped<PublishFormVersionHandler>();
        services.AddScoped<ProposeFormHandler>();
        return services;
    }

    public static IEndpointRouteBuilder MapFormAuthoringApi(this IEndpointRouteBuilder app)
    {
        var excelOptions = app.ServiceProvider.GetRequiredService<ExcelOptions>();
        var group = app.MapGroup("/api/forms").WithTags("Form authoring").RequireAuthorization(Policies.Supervisor);

        group.MapPost("/propose", async (IFormFile? file, ProposeFormHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(file, ct)))
            .WithSummary("A form proposed from an uploaded Excel statistics table (统计表); stores nothing")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(excelOptions.MaxUploadBytes + (1024 * 1024)))
            .ProducesValidationProblem();

        group.MapPost("/", async (FormDefinition request, SaveFormHandler handler, CancellationToken ct) =>
            {
                var form = await handler.CreateAsync(request, ct);
                return TypedResults.Created($"/api/forms/{form.Code}", form);
            })
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Create the form of a recurring-report requirement; its periods follow the requirement's due rule")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPut("/{form}", async (string form, FormDefinition request, SaveFormHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.UpdateAsync(form, request, ct)))
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Edit a form while no institution has reported on it; 409 once one has (a new version is needed)")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost("/{form}/publish", async (string form, PublishFormVersionRequest request, PublishFormVersionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(form, request, ct)))
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Publish a new version of a form from a period that has not begun; earlier periods keep the version they were reported on")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{form}/versions", async (string form, PublishFormVersionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(form, ct)))
            .WithSummary("The versions of a form, oldest first, with the period each applies from and what changed");

        group.MapPost("/rules/check", (CheckRuleRequest request) => TypedResults.Ok(FormRuleCheck.Check(request)))
            .WithSummary("Syntax check of a rule or expression: valid, or a Chinese message and the character position");

        return app;
    }
}
