using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>A report sent back to be corrected, with why and by whom.</summary>
public sealed record ReturnedSubmissionDto(
    string Form, string FormName, string Period, string PeriodName, string Institution, string InstitutionName, string? Reason, string? ReturnedBy, DateTimeOffset? ReturnedAt);

/// <summary>The returned reports of the institutions the caller sees, most recently returned first (the start page's 退回).</summary>
public sealed class ListReturnedSubmissionsHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<(List<ReturnedSubmissionDto> Items, int Total)> HandleAsync(int take, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var returned = db.Submissions.Where(s => s.Status == SubmissionStatus.Returned && visible.Contains(s.InstitutionId));
        var total = await returned.CountAsync(ct);
        var rows = await returned
            .OrderByDescending(s => s.UpdatedAt).ThenBy(s => s.Id)
            .Take(take)
            .Select(s => new
            {
                Form = s.Form.Code,
                FormName = s.Form.Name,
                s.Period.Key,
                s.Period.Start,
                s.Period.End,
                Institution = s.Institution.Code,
                InstitutionName = s.Institution.Name,
                s.ReturnReason,
                Event = s.Events.Where(e => e.To == SubmissionStatus.Returned).OrderByDescending(e => e.Id).Select(e => new { e.By, e.At }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var by = rows.Where(r => r.Event is not null).Select(r => r.Event!.By).Distinct().ToList();
        var names = await db.Users.Where(u => by.Contains(u.UserName!)).ToDictionaryAsync(u => u.UserName!, u => u.DisplayName, ct);
        var year = ChinaTime.Today(time).Year;
        return (rows.Select(r => new ReturnedSubmissionDto(
            r.Form, r.FormName, r.Key, PeriodNames.Name(r.Key, r.Start, r.End, year), r.Institution, r.InstitutionName, r.ReturnReason,
            r.Event is { } e ? names.GetValueOrDefault(e.By, e.By) : null,
            r.Event is { } at ? ChinaTime.ToChina(at.At) : null)).ToList(), total);
    }
}
