using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Pages;

/// <summary>
/// The completeness matrix for supervisors and leaders: institutions × the last weeks, 按时 / 迟报 / 未报 / 未到期,
/// each cell opening that submission; the same figures as <c>GET /api/forms/{form}/completeness</c>.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class CompletenessModel(ComplianceDbContext db, GetCompletenessHandler completeness, TimeProvider time) : PageModel
{
    public string Form { get; private set; } = "";
    public List<string> Forms { get; private set; } = [];
    public CompletenessMatrixDto? Matrix { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? form, int weeks = 8, CancellationToken ct = default)
    {
        Forms = await db.ReportForms.OrderBy(f => f.Code).Select(f => f.Code).ToListAsync(ct);
        Form = form ?? Forms.FirstOrDefault(f => f.StartsWith("DEMO", StringComparison.Ordinal)) ?? Forms.FirstOrDefault() ?? "";
        if (Form.Length == 0)
        {
            return Page();
        }

        var today = ChinaTime.Today(time);
        var periods = await db.ReportPeriods.Where(p => p.Form.Code == Form && p.Start <= today).OrderByDescending(p => p.Start).Select(p => p.Key).Take(Math.Clamp(weeks, 1, 52)).ToListAsync(ct);
        if (periods.Count > 0)
        {
            Matrix = await completeness.ForRangeAsync(Form, periods[^1], periods[0], ct);
        }

        return Page();
    }

    public static (string Text, string Css) Cell(CellState state) => state switch
    {
        CellState.OnTime => ("按时", "Done"),
        CellState.Late => ("迟报", "Open"),
        CellState.Missing => ("未报", "Overdue"),
        _ => ("未到期", "Waived"),
    };
}
