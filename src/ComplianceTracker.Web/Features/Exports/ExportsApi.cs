using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// The Excel exports leadership reads. Every export is limited to the institutions the caller sees: supervisors and
/// leaders their jurisdiction, a reporter or head its own institution's rows. Larger than the threshold, an export
/// answers 202 with a job to poll.
/// </summary>
public static class ExportsApi
{
    /// <summary>The Exports feature's services: its use cases, jobs and settings.</summary>
    public static IServiceCollection AddExports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ExportOptions>(configuration, ExportOptions.Section);
        services.AddScoped<WeeklySummaryExport>();
        services.AddScoped<OverdueRegisterExport>();
        services.AddScoped<CompletenessExport>();
        services.AddScoped<CircularLedgerExport>();
        services.AddScoped<TargetsExport>();
        services.AddScoped<AuditExport>();
        services.AddScoped<ExportRunner>();
        services.AddScoped<ExportNames>();
        services.AddScoped<ExportJobs>();
        return services;
    }

    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/exports").WithTags("Exports").RequireAuthorization(Policies.SignedIn);

        group.MapGet("/weekly-summary.xlsx", (string? form, string? period, string? keys, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.WeeklySummary, Form: Required(form, "form", "报表代码"), Period: Required(period, "period", "期次"), Keys: keys), runner, jobs, options, ct))
            .WithSummary("周报汇总表 for one form and period: one row per institution, 合计, change and rank on key indicators (keys=A01,A02)");

        group.MapGet("/overdue.xlsx", (ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.Overdue), runner, jobs, options, ct))
            .WithSummary("逾期清单: every overdue due item, with days overdue and the reminders and escalations sent");

        group.MapGet("/completeness.xlsx", (string? form, string? from, string? to, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.Completeness, Form: Required(form, "form", "报表代码"), From: from, To: to), runner, jobs, options, ct))
            .WithSummary("报送完整性: institutions × periods, on time / late / missing, with rates");

        group.MapGet("/circular-ledger.xlsx", (int? circularId, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.CircularLedger, CircularId: circularId ?? throw RuleViolationException.For("circularId", "请指定文件编号（circularId）。")), runner, jobs, options, ct))
            .WithSummary("监管台账 of one circular: requirements, obligations, submissions and revisions, reminders, unlocks and corrections");

        group.MapGet("/targets.xlsx", (int? circularId, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.Targets, CircularId: circularId), runner, jobs, options, ct))
            .WithSummary("量化目标完成情况: each target per institution and in aggregate, ranked");

        group.MapGet("/audit.xlsx", (string? from, string? to, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct) =>
                ExportAsync(new ExportRequest(ExportRequest.Audit, From: from, To: to), runner, jobs, options, ct))
            .RequireAuthorization(Policies.Admin)
            .WithSummary("审计日志: sign-ins and privileged actions from a date to a date (yyyy-MM-dd, China time), for admins");

        group.MapGet("/jobs/{id:guid}", async (Guid id, ExportJobs jobs, CancellationToken ct) => TypedResults.Ok(await jobs.StatusAsync(id, ct)))
            .WithSummary("A background export's state and progress, and its download link when done");

        group.MapGet("/jobs/{id:guid}/file", async (Guid id, ExportJobs jobs, CancellationToken ct) =>
            {
                var (content, fileName) = await jobs.FileAsync(id, ct);
                return TypedResults.File(content, Xlsx, fileName);
            })
            .WithSummary("Download a finished background export");

        return app;
    }

    private static async Task<IResult> ExportAsync(ExportRequest request, ExportRunner runner, ExportJobs jobs, ExportOptions options, CancellationToken ct)
    {
        var fileName = await runner.FileNameAsync(request, ct);
        await runner.RecordAsync(request, fileName, ct);
        if (await runner.CountRowsAsync(request, ct) > options.BackgroundRowThreshold)
        {
            var job = await jobs.QueueAsync(request, fileName, ct);
            return TypedResults.Accepted($"/api/exports/jobs/{job.Id}", new { jobId = job.Id, job.State, job.Percent });
        }

        var output = new MemoryStream();
        await runner.WriteAsync(request, output, null, ct);
        output.Position = 0;
        return TypedResults.File(output, Xlsx, fileName);
    }

    private static string Required(string? value, string field, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw RuleViolationException.For(field, $"请指定{name}（{field}）。") : value.Trim();
}
