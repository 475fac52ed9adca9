using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Audit;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Hangfire;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>What to export: the route's kind and its parameters, as a background job receives them.</summary>
public sealed record ExportRequest(string Kind, string? Form = null, string? Period = null, string? Keys = null, string? From = null, string? To = null, int? CircularId = null)
{
    public const string WeeklySummary = "weekly-summary";
    public const string Overdue = "overdue";
    public const string Completeness = "completeness";
    public const string CircularLedger = "circular-ledger";
    public const string Targets = "targets";
    public const string Audit = "audit";
}

/// <summary>The <c>Exports</c> configuration section.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>Above this many rows an export runs as a background job (202 and a job to poll) instead of in the request.</summary>
    [Range(1, int.MaxValue)]
    public int BackgroundRowThreshold { get; set; } = 50_000;
}

public sealed record ExportJobDto(Guid Id, ExportJobState State, int Percent, string? DownloadUrl, string? Error);

/// <summary>Writes any export to a stream, for the request or for a background job.</summary>
public sealed class ExportRunner(
    WeeklySummaryExport weekly, OverdueRegisterExport overdue, CompletenessExport completeness, CircularLedgerExport ledger, TargetsExport targets,
    AuditExport audit, AuditLog log, ExcelOptions excel, ExportNames names)
{
    /// <summary>The download's file name, with the form's, period's or circular's name and the caller's scope (<see cref="ExportNames"/>).</summary>
    public Task<string> FileNameAsync(ExportRequest request, CancellationToken ct) => names.FileNameAsync(request, ct);

    /// <summary>Who exported what, in the audit log (an export is data leaving the system).</summary>
    public Task RecordAsync(ExportRequest request, string fileName, CancellationToken ct) =>
        log.RecordAsync(AuditActions.Exported, fileName, string.Join("；", new[]
        {
            request.Form is null ? null : $"报表 {request.Form}", request.Period is null ? null : $"期次 {request.Period}",
            request.From is null && request.To is null ? null : $"{request.From} 至 {request.To}", request.CircularId is null ? null : $"文件 {request.CircularId}",
        }.Where(p => p is not null)), ct: ct);

    public async Task<int> CountRowsAsync(ExportRequest request, CancellationToken ct) => request.Kind switch
    {
        ExportRequest.WeeklySummary => await weekly.CountRowsAsync(request.Form!, ct),
        ExportRequest.Overdue => await overdue.CountRowsAsync(ct),
        ExportRequest.Completeness => await weekly.CountRowsAsync(request.Form!, ct),
        ExportRequest.Targets => 0,
        ExportRequest.Audit => await audit.CountRowsAsync(DateOf(request.From), DateOf(request.To), ct),
        _ => await ledger.CountRowsAsync(request.CircularId!.Value, ct),
    };

    public async Task WriteAsync(ExportRequest request, Stream output, Action<int>? progress, CancellationToken ct)
    {
        var (template, sheets) = request.Kind switch
        {
            ExportRequest.WeeklySummary => (WeeklySummaryExport.Template, [await weekly.BuildAsync(request.Form!, request.Period!, request.Keys, ct)]),
            ExportRequest.Overdue => (OverdueRegisterExport.Template, [await overdue.BuildAsync(ct)]),
            ExportRequest.Completeness => (CompletenessExport.Template, [await completeness.BuildAsync(request.Form!, request.From, request.To, ct)]),
            ExportRequest.CircularLedger => (CircularLedgerExport.Template, await ledger.BuildAsync(request.CircularId!.Value, ct)),
            ExportRequest.Targets => (TargetsExport.Template, [await targets.BuildAsync(request.CircularId, ct)]),
            ExportRequest.Audit => (AuditExport.Template, [await audit.BuildAsync(DateOf(request.From), DateOf(request.To), ct)]),
            _ => throw new NotFoundException($"没有名为“{request.Kind}”的导出。"),
        };
        var counted = 0;
        var withProgress = progress is null ? sheets : sheets.Select(s => new Xlsx.SheetContent
        {
            Sheet = s.Sheet, Fields = s.Fields, Columns = s.Columns, Rows = s.Rows, FrozenColumns = s.FrozenColumns,
            Progress = rows => progress(counted + rows),
        }).ToList();
        Xlsx.TemplateWriter.Write(excel.TemplatePath(template), output, withProgress);
    }

    private static DateOnly? DateOf(string? text) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", out var date) ? date
        : throw RuleViolationException.For("from", $"日期“{text}”格式不对，请写成 yyyy-MM-dd（如 2026-11-01）。");
}

/// <summary>Queues, runs and hands out background exports. A job is seen only by the user who asked for it.</summary>
public sealed class ExportJobs(ComplianceDbContext db, CurrentUser currentUser, ExportRunner runner, IBackgroundJobClient jobs, TimeProvider time, ILogger<ExportJobs> logger)
{
    public async Task<ExportJobDto> QueueAsync(ExportRequest request, string fileName, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var job = new ExportJob
        {
            Id = Guid.NewGuid(),
            Kind = request.Kind,
            ParametersJson = JsonSerializer.Serialize(request),
            UserId = scope.User.Id,
            FileName = fileName,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.ExportJobs.Add(job);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<ExportJobs>(j => j.RunAsync(job.Id, CancellationToken.None));
        return Dto(job);
    }

    public async Task<ExportJobDto> StatusAsync(Guid id, CancellationToken ct) => Dto(await MineAsync(id, ct));

    public async Task<(byte[] Content, string FileName)> FileAsync(Guid id, CancellationToken ct)
    {
        var job = await MineAsync(id, ct);
        if (job.State != ExportJobState.Done)
        {
            throw new ConflictException(job.State == ExportJobState.Failed ? $"导出失败：{job.Error}" : $"导出尚未完成（{job.Percent}%），请稍后再下载。");
        }

        var content = await db.ExportJobs.Where(j => j.Id == id).Select(j => j.Content).SingleAsync(ct);
        return (content!, job.FileName);
    }

    /// <summary>The background job: runs the export as the user who asked, recording progress and the file.</summary>
    public async Task RunAsync(Guid id, CancellationToken ct)
    {
        var job = await db.ExportJobs.AsNoTracking().Where(j => j.Id == id).Select(j => new { j.UserId, j.ParametersJson, j.State }).SingleOrDefaultAsync(ct);
        if (job is null || job.State is ExportJobState.Done or ExportJobState.Failed)
        {
            return;
        }

        await currentUser.TryLoadAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, job.UserId)], "export-job")), ct);
        var request = JsonSerializer.Deserialize<ExportRequest>(job.ParametersJson)!;
        var path = Path.Combine(Path.GetTempPath(), $"ct-export-{id:N}.xlsx");
        try
        {
            var total = Math.Max(1, await runner.CountRowsAsync(request, ct));
            await db.ExportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s.SetProperty(j => j.State, ExportJobState.Running), ct);
            var reported = 0;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
            {
                await runner.WriteAsync(request, file, rows =>
                {
                    var percent = Math.Min(99, rows * 100 / total);
                    if (percent >= reported + 5)
                    {
                        reported = percent;
                        db.ExportJobs.Where(j => j.Id == id).ExecuteUpdate(s => s.SetProperty(j => j.Percent, percent));
                    }
                }, ct);
            }

            var content = await System.IO.File.ReadAllBytesAsync(path, ct);
            var finished = time.GetUtcNow().UtcDateTime;
            await db.ExportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, ExportJobState.Done).SetProperty(j => j.Percent, 100)
                .SetProperty(j => j.Content, content).SetProperty(j => j.FinishedAt, finished), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Export {Id} failed", id);
            var message = e is RuleViolationException or NotFoundException or ForbiddenException or ConflictException or Xlsx.ExportTemplateException ? e.Message : "导出时发生内部错误，请联系管理员。";
            await db.ExportJobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, ExportJobState.Failed).SetProperty(j => j.Error, message).SetProperty(j => j.FinishedAt, time.GetUtcNow().UtcDateTime), ct);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    private async Task<ExportJob> MineAsync(Guid id, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        return await db.ExportJobs.AsNoTracking().Where(j => j.Id == id && (j.UserId == scope.User.Id || scope.IsAdmin))
            .Select(j => new ExportJob { Id = j.Id, Kind = j.Kind, ParametersJson = "", UserId = j.UserId, State = j.State, Percent = j.Percent, FileName = j.FileName, Error = j.Error, CreatedAt = j.CreatedAt })
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"未找到导出任务 {id}。");
    }

    private static ExportJobDto Dto(ExportJob job) =>
        new(job.Id, job.State, job.Percent, job.State == ExportJobState.Done ? $"/api/exports/jobs/{job.Id}/file" : null, job.Error);
}
