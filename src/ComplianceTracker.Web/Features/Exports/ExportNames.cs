using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Exports;

/// <summary>
/// The words an export shows for who made it and what it holds: the person's name and where they work, the form's,
/// period's and circular's names; never a login, a user id or a code.
/// </summary>
public sealed class ExportNames(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader)
{
    /// <summary>制表人: the person's display name, and where they work (王监管（上党区金融工作中心）).</summary>
    public async Task<string> PreparedByAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var name = string.IsNullOrWhiteSpace(scope.User.DisplayName) ? scope.UserName : scope.User.DisplayName;
        var where = await WhereAsync(scope, ct);
        return where is null ? $"制表人：{name}" : $"制表人：{name}（{where}）";
    }

    /// <summary>The download's file name: what it is, for which form, period or circular, and whose scope (上党区).</summary>
    public async Task<string> FileNameAsync(ExportRequest request, CancellationToken ct)
    {
        var where = await WhereAsync(await currentUser.ScopeAsync(ct), ct) ?? "全部";
        var name = request.Kind switch
        {
            ExportRequest.WeeklySummary => await WeeklySummaryNameAsync(request.Form!, request.Period!, ct),
            ExportRequest.Completeness => $"报送完整性-{(await loader.FormAsync(request.Form!, ct)).Name}",
            ExportRequest.Overdue => "逾期清单",
            ExportRequest.Targets => $"量化目标完成情况{await CircularNameAsync(request.CircularId, ct)}",
            ExportRequest.Audit => $"审计日志{(request.From is null && request.To is null ? "" : $"-{request.From}至{request.To}")}",
            _ => $"监管台账{await CircularNameAsync(request.CircularId, ct)}",
        };
        return $"{Safe(name)}-{Safe(where)}.xlsx";
    }

    private async Task<string> WeeklySummaryNameAsync(string formCode, string periodKey, CancellationToken ct)
    {
        var (form, period) = await loader.FormForPeriodAsync(formCode, periodKey, ct);
        return $"{form.Name}汇总-{PeriodNames.ShortName(period.Key)}";
    }

    /// <summary>"-" and the circular's 文号 (else its title); nothing when there is no such circular (the export says so).</summary>
    private async Task<string> CircularNameAsync(int? circularId, CancellationToken ct) =>
        circularId is { } id && await db.Circulars.Where(c => c.Id == id).Select(c => c.DocumentNumber ?? c.Title).FirstOrDefaultAsync(ct) is { } name
            ? $"-{name}"
            : "";

    /// <summary>The caller's jurisdiction's name (supervisors, leaders), else their institution's; null for neither.</summary>
    private async Task<string?> WhereAsync(AccessScope scope, CancellationToken ct)
    {
        if (scope.User.JurisdictionId is { } jurisdiction)
        {
            return await db.Jurisdictions.Where(j => j.Id == jurisdiction).Select(j => j.Name).FirstOrDefaultAsync(ct);
        }

        return scope.User.InstitutionId is { } institution
            ? await db.Institutions.Where(i => i.Id == institution).Select(i => i.Name).FirstOrDefaultAsync(ct)
            : null;
    }

    /// <summary>A name as a file name: characters Windows and Linux do not allow in one replaced by "_", at most 80 characters.</summary>
    public static string Safe(string name)
    {
        var invalid = new HashSet<char>(Path.GetInvalidFileNameChars()) { '\\', '/', ':', '*', '?', '"', '<', '>', '|' };
        var safe = new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return safe.Length <= 80 ? safe : safe[..80];
    }
}
