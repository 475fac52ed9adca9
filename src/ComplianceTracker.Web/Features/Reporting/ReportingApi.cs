using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Features.Reporting;

public static class ReportingApi
{
    /// <summary>The Reporting feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddReporting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SubmissionContextLoader>();
        services.AddScoped<SendRobotDigestJob>();
        services.AddSingleton<FormCache>();
        services.AddScoped<SubmissionChanges>();
        services.AddScoped<ValidateSubmissionHandler>();
        services.AddScoped<RuleExemptionsHandler>();
        services.AddScoped<GetSubmissionHandler>();
        services.AddScoped<GetSubmissionHistoryHandler>();
        services.AddScoped<SaveSubmissionHandler>();
        services.AddScoped<SubmitSubmissionHandler>();
        services.AddScoped<ApproveSubmissionHandler>();
        services.AddScoped<ReturnSubmissionHandler>();
        services.AddScoped<WithdrawSubmissionHandler>();
        services.AddScoped<UnlockPeriodHandler>();
        services.AddScoped<ApplyForUnlockHandler>();
        services.AddScoped<AnswerUnlockApplicationHandler>();
        services.AddScoped<UnlockApplicationQueries>();
        services.AddScoped<FormQueries>();
        services.AddScoped<GetCompletenessHandler>();
        services.AddScoped<GetReportedFormHandler>();
        services.AddScoped<ListPendingApprovalsHandler>();
        services.AddScoped<ListReturnedSubmissionsHandler>();
        services.AddScoped<ListLockedPeriodsHandler>();
        services.AddScoped<ReportPeriodGenerator>();
        services.AddScoped<ExcelRoundTripHandler>();
        services.AddSingleton<FormWriters>();
        services.AddValidatedOptions<ExcelOptions>(configuration, ExcelOptions.Section);
        services.AddValidatedOptions<ReportingOptions>(configuration, ReportingOptions.Section);
        return services;
    }

    private const string SubmissionRoute = "/{form}/periods/{key}/submissions/{institution}";

    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder app)
    {
        // The upload may be larger than other requests: the file limit plus room for the multipart envelope.
        var excelOptions = app.ServiceProvider.GetRequiredService<ExcelOptions>();
        var group = app.MapGroup("/api/forms").WithTags("Reporting").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/", async (FormQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(ct)))
            .WithSummary("Report forms");
        group.MapGet("/{form}", async (string form, FormQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(form, ct)))
            .WithSummary("A form with its indicators and validation rules");
        group.MapGet("/{form}/periods", async (string form, FormQueries q, CancellationToken ct) => TypedResults.Ok(await q.PeriodsAsync(form, ct)))
            .WithSummary("A form's periods with due and lock moments");

        group.MapGet(SubmissionRoute, async (string form, string key, string institution, GetSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(form, key, institution, ct)))
            .WithSummary("One institution's submission for a period, with its validation");

        group.MapPut(SubmissionRoute, async (string form, string key, string institution, SaveSubmissionRequest request,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpContext http,
                SubmissionContextLoader loader, SaveSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(await loader.LoadAsync(form, key, institution, ct), request, SourceOf(http), IdempotencyKey(idempotencyKey), ct)))
            .RequireAuthorization(Policies.Filing)
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Save a draft revision; 409 when baseRevision is stale or the period is locked; honours Idempotency-Key")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost($"{SubmissionRoute}/submit", async (string form, string key, string institution, [FromBody] SubmitRequest? request, HttpContext http,
                SubmissionContextLoader loader, SubmitSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(await loader.LoadAsync(form, key, institution, ct), request ?? new SubmitRequest(null), SourceOf(http), ct)))
            .RequireAuthorization(Policies.Filing)
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Submit: errors block (400), warnings need comments")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost($"{SubmissionRoute}/withdraw", async (string form, string key, string institution, SubmissionContextLoader loader, WithdrawSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(await loader.LoadAsync(form, key, institution, ct), ct)))
            .RequireAuthorization(Policies.Filing)
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Withdraw (撤回) a submitted report to a draft before the head approves it; 409 once approved")
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapPost($"{SubmissionRoute}/approve", async (string form, string key, string institution, SubmissionContextLoader loader, ApproveSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(await loader.LoadAsync(form, key, institution, ct), ct)))
            .RequireAuthorization(Policies.Approving)
            .WithSummary("Branch head approves the submission");

        group.MapPost($"{SubmissionRoute}/return", async (string form, string key, string institution, ReturnRequest request, SubmissionContextLoader loader, ReturnSubmissionHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(await loader.LoadAsync(form, key, institution, ct), request, ct)))
            .RequireAuthorization(Policies.Returning)
            .WithSummary("Branch head or supervisor returns the submission with a reason")
            .ProducesValidationProblem();

        group.MapGet($"{SubmissionRoute}/revisions", async (string form, string key, string institution, SubmissionContextLoader loader, FormQueries q, CancellationToken ct) =>
                TypedResults.Ok(await q.RevisionsAsync(await loader.LoadAsync(form, key, institution, ct), ct)))
            .WithSummary("Every revision: who, when, source, values");

        group.MapGet("/{form}/periods/{key}/template.xlsx", async (string form, string key, string institution, SubmissionContextLoader loader, ExcelRoundTripHandler excel, CancellationToken ct) =>
            {
                var context = await loader.LoadAsync(form, key, institution, ct);
                var bytes = await excel.DownloadAsync(context, ct);
                return TypedResults.File(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"{context.Form.Code}-{context.Period.Key}-{context.Institution.Code}.xlsx");
            })
            .WithSummary("The fillable Excel form for an institution and period");

        group.MapPost($"{SubmissionRoute}/import", async (string form, string key, string institution, IFormFile? file, [FromForm] int? baseRevision,
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
                SubmissionContextLoader loader, ExcelRoundTripHandler excel, CancellationToken ct) =>
                TypedResults.Ok(await excel.ImportAsync(await loader.LoadAsync(form, key, institution, ct), file, baseRevision, IdempotencyKey(idempotencyKey), ct)))
            .RequireAuthorization(Policies.Filing)
            .RequireRateLimiting(RequestLimits.WritePolicy)
            .WithSummary("Upload the filled Excel form as a draft revision, or 400 with errors keyed by cell")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(excelOptions.MaxUploadBytes + (1024 * 1024)))
            .ProducesValidationProblem();

        group.MapGet("/{form}/periods/{key}/completeness", async (string form, string key, GetCompletenessHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ForPeriodAsync(form, key, ct)))
            .RequireAuthorization(Policies.Oversight)
            .WithSummary("Expected, submitted, on time, late and missing institutions for one period");

        group.MapGet("/{form}/completeness", async (string form, string? from, string? to, string? jurisdiction, InstitutionType? type, CellState? status, string? q,
                    CompletenessSort? sort, int? page, int? pageSize, GetCompletenessHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ForRangeAsync(form,
                    new CompletenessQuery(from, to, jurisdiction, type, status, q, sort, page ?? 1, pageSize ?? GetCompletenessHandler.DefaultPageSize), ct)))
            .RequireAuthorization(Policies.Oversight)
            .WithSummary("Institutions × periods: on time, late, missing, pending, with rates over every matching institution; filtered (jurisdiction and below, type, "
                + "status in the last period, q: name or code), sorted (Code, CodeDesc, Name, NameDesc, OnTimeRate, OnTimeRateDesc) and paged (page, pageSize ≤ 200) in SQL")
            .ProducesValidationProblem();

        group.MapPost("/{form}/periods/{key}/unlocks", async (string form, string key, UnlockRequest request, UnlockPeriodHandler handler, CancellationToken ct) =>
            {
                var unlock = await handler.HandleAsync(form, key, request, ct);
                return TypedResults.Created($"/api/forms/{form}/periods/{key}/unlocks/{unlock.Id}",
                    new { unlock.Id, institution = request.Institution, until = ChinaTime.ToChina(unlock.Until), unlock.Reason, unlock.GrantedBy });
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Supervisor lets an institution change a locked period until a moment, with a reason")
            .ProducesValidationProblem();

        group.MapPost("/{form}/periods/{key}/exceptions", async (string form, string key, GrantRuleExemptionRequest request, RuleExemptionsHandler handler, CancellationToken ct) =>
            {
                var exemption = await handler.GrantAsync(form, key, request, ct);
                return TypedResults.Created($"/api/forms/{form}/periods/{key}/exceptions?institution={Uri.EscapeDataString(exemption.InstitutionCode)}", exemption);
            })
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("例外校验许可: a supervisor lets one institution's figures for the period pass one named check (a form rule or UNIT_SLIP:indicator), with a reason")
            .ProducesValidationProblem();

        group.MapGet("/{form}/periods/{key}/exceptions", async (string form, string key, string? institution, RuleExemptionsHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.ListAsync(form, key, institution, ct)))
            .RequireAuthorization(Policies.SignedIn)
            .WithSummary("The 例外校验许可 granted to one institution for the period (the institution itself and its supervisors)");

        group.MapPost("/{form}/periods/{key}/unlock-requests", async (string form, string key, ApplyForUnlockRequest request, ApplyForUnlockHandler handler, CancellationToken ct) =>
            {
                var application = await handler.HandleAsync(form, key, request, ct);
                return TypedResults.Created($"/api/unlock-requests/{application.Id}", application);
            })
            .RequireAuthorization(Policies.Filing)
            .WithSummary("申请补报: a reporter asks to change a locked period, with a reason; the supervisors are told")
            .ProducesValidationProblem();

        var requests = app.MapGroup("/api/unlock-requests").WithTags("Reporting").RequireAuthorization(Policies.SignedIn);
        requests.MapGet("/", async (UnlockApplicationStatus? status, UnlockApplicationQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.ListAsync(status, 500, ct)))
            .WithSummary("The 补报 requests of the institutions the caller sees, waiting first");
        requests.MapGet("/{id:int}", async (int id, UnlockApplicationQueries queries, CancellationToken ct) => TypedResults.Ok(await queries.GetAsync(id, ct)))
            .WithSummary("One 补报 request");
        requests.MapPost("/{id:int}/grant", async (int id, [FromBody] GrantUnlockRequest? request, AnswerUnlockApplicationHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.GrantAsync(id, request?.Until, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Grant 补报 until a moment (default: the end of the next working day, China time); the reporters are told");
        requests.MapPost("/{id:int}/refuse", async (int id, RefuseUnlockRequest request, AnswerUnlockApplicationHandler handler, CancellationToken ct) =>
                TypedResults.Ok(await handler.RefuseAsync(id, request.Reason, ct)))
            .RequireAuthorization(Policies.Supervisor)
            .WithSummary("Refuse 补报 with a reason; the reporters are told")
            .ProducesValidationProblem();

        return app;
    }

    /// <summary>Bank systems call with bearer tokens; people use the pages with the sign-in cookie.</summary>
    private static RevisionSource SourceOf(HttpContext http) =>
        http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? RevisionSource.Api : RevisionSource.Page;

    private static string? IdempotencyKey(string? header) => header switch
    {
        null or "" => null,
        { Length: > 100 } => throw RuleViolationException.For("Idempotency-Key", "Idempotency-Key 不能超过100个字符。"),
        _ => header,
    };
}
