using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>A period that locked before the institution reported it: changing it now needs 补报.</summary>
public sealed record LockedPeriodDto(string Form, string FormName, string Period, string PeriodName, string Institution, string InstitutionName, DateTimeOffset LockedAt);

/// <summary>
/// The report periods of the institutions the caller sees that are still unreported and already locked, without a
/// 补报 window open now: most recently locked first (the start page's 已锁定).
/// </summary>
public sealed class ListLockedPeriodsHandler(ComplianceDbContext db, CurrentUser currentUser, TimeProvider time)
{
    public async Task<(List<LockedPeriodDto> Items, int Total)> HandleAsync(int take, CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var now = time.GetUtcNow().UtcDateTime;
        var locked =
            from d in ListDueItemsHandler.Locked(db, now)
            where visible.Contains(d.Obligation.InstitutionId)
            from p in db.ReportPeriods
            where p.Form.RequirementId == d.Obligation.RequirementId && p.Key == d.PeriodKey
            select new { Form = p.Form.Code, FormName = p.Form.Name, p.Key, p.Start, p.End, p.LockAt, Institution = d.Obligation.Institution.Code, InstitutionName = d.Obligation.Institution.Name };
        var total = await locked.CountAsync(ct);
        var rows = await locked.OrderByDescending(r => r.LockAt).ThenBy(r => r.Institution).Take(take).ToListAsync(ct);
        var year = ChinaTime.Today(time).Year;
        return (rows.Select(r => new LockedPeriodDto(r.Form, r.FormName, r.Key, PeriodNames.Name(r.Key, r.Start, r.End, year), r.Institution, r.InstitutionName, ChinaTime.ToChina(r.LockAt))).ToList(), total);
    }
}
