using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Pages;

/// <summary>
/// The leader's picture: on-time rate by week, the key indicators' weekly totals, overdue items by institution,
/// targets at risk, and the exports. Within what the caller sees; drawn as SVG on the server.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class DashboardModel(ComplianceDbContext db, GetCompletenessHandler completeness, ListDueItemsHandler dueItems, TargetQueries targets, TimeProvider time) : PageModel
{
    public string Form { get; private set; } = "";
    public CompletenessMatrixDto? Matrix { get; private set; }
    public List<(string Name, IReadOnlyList<decimal> Values)> Totals { get; } = [];
    public List<(string Institution, int Count)> OverdueByInstitution { get; private set; } = [];
    public List<TargetStatusDto> AtRisk { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(time);
        Form = await db.ReportForms.OrderBy(f => f.Code.StartsWith("DEMO") ? 0 : 1).ThenBy(f => f.Code).Select(f => f.Code).FirstOrDefaultAsync(ct) ?? "";
        var periods = await db.ReportPeriods.Where(p => p.Form.Code == Form && p.Start <= today).OrderByDescending(p => p.Start).Select(p => p.Key).Take(12).ToListAsync(ct);
        if (periods.Count > 0)
        {
            Matrix = await completeness.ForRangeAsync(Form, periods[^1], periods[0], ct);
            var visible = (await HttpContext.RequestServices.GetRequiredService<CurrentUser>().ScopeAsync(ct)).Institutions(db).Select(i => i.Id);
            var rows = await db.Submissions.Where(s => s.Form.Code == Form && Matrix.Periods.Contains(s.Period.Key) && visible.Contains(s.InstitutionId)
                    && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
                .Select(s => new { s.Period.Key, s.ValuesJson }).ToListAsync(ct);
            foreach (var (code, name) in new[] { ("LOAN_BAL", "各项贷款余额"), ("PHXW_BAL", "普惠型小微企业贷款余额") })
            {
                Totals.Add((name, Matrix.Periods.Select(p => rows.Where(r => r.Key == p).Sum(r => SubmissionJson.Values(r.ValuesJson).GetValueOrDefault(code) ?? 0) / 10000m).ToList()));
            }
        }

        var overdue = await dueItems.HandleAsync(new ListDueItemsQuery(DueItemStatus.Overdue, null, null, null, 1, 500), ct);
        OverdueByInstitution = overdue.Items.GroupBy(i => i.InstitutionName).Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).Take(10).ToList();
        AtRisk = (await targets.LatestAsync(null, null, ct)).Where(t => t.Status is TargetStatus.AtRisk or TargetStatus.Missed).Take(20).ToList();
        return Page();
    }
}
