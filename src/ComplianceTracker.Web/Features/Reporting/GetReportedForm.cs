using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The form the supervision pages open on when none is asked for: the one most reported in the last twelve weeks by the
/// institutions the caller sees (submitted or approved), then by code; the first form by code when nothing was reported.
/// </summary>
public sealed class GetReportedFormHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public const int RecentWeeks = 12;

    /// <summary>The form's code, or null when there is no form at all.</summary>
    public async Task<string?> HandleAsync(CancellationToken ct)
    {
        // With a single form there is nothing to count (counting reads twelve weeks of submissions: 1 s at 20,000 banks).
        var firstTwo = await db.ReportForms.OrderBy(f => f.Code).Select(f => f.Code).Take(2).ToListAsync(ct);
        if (firstTwo.Count < 2)
        {
            return firstTwo.FirstOrDefault();
        }

        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var today = ChinaTime.Today(time);
        var since = today.AddDays(-7 * RecentWeeks);
        return await db.ReportForms
            .OrderByDescending(f => db.Submissions.Count(s => s.FormId == f.Id && s.Period.Start >= since && s.Period.Start <= today
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved) && visible.Contains(s.InstitutionId)))
            .ThenBy(f => f.Code)
            .Select(f => f.Code)
            .FirstOrDefaultAsync(ct);
    }
}
