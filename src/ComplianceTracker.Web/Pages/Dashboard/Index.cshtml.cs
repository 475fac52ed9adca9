using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Dashboard;

/// <summary>
/// The leader's picture: on-time rate by week, the headline indicators' weekly totals, overdue items by institution
/// (every one counted), targets at risk, and the exports. Within what the caller sees, for the form being reported;
/// drawn as SVG on the server, with the figures in tables too.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class IndexModel(
    GetReportedFormHandler reported, GetCompletenessHandler completeness, GetHeadlineTotalsHandler headlines, CountOverdueByInstitutionHandler overdue, TargetQueries targets)
    : PageModel
{
    public const int Weeks = 12;
    public const int TopInstitutions = 10;
    public const int AtRiskShown = 20;

    public string Form { get; private set; } = "";
    public CompletenessMatrixDto? Matrix { get; private set; }
    public List<HeadlineTotalDto> Totals { get; private set; } = [];
    public OverdueByInstitutionDto Overdue { get; private set; } = new(0, 0, []);
    public List<TargetStatusDto> AtRisk { get; private set; } = [];
    public int AtRiskTotal { get; private set; }

    /// <summary>The unit of the totals chart: the headline indicators' (亿元 for amounts in 万元).</summary>
    public string TotalsUnit => Totals.Select(t => t.Unit).Distinct().Count() == 1 ? Totals[0].Unit : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Form = await reported.HandleAsync(ct) ?? "";
        if (Form.Length > 0)
        {
            Matrix = await completeness.ForLatestAsync(Form, Weeks, ct);
            if (Matrix is not null)
            {
                Totals = await headlines.HandleAsync(new GetHeadlineTotalsRequest(Form, Matrix.Periods), ct);
            }
        }

        Overdue = await overdue.HandleAsync(new CountOverdueByInstitutionRequest(TopInstitutions), ct);
        var atRisk = (await targets.LatestAsync(null, null, ct)).Where(t => t.Status is TargetStatus.AtRisk or TargetStatus.Missed).ToList();
        AtRiskTotal = atRisk.Count;
        AtRisk = atRisk.Take(AtRiskShown).ToList();
        return Page();
    }
}
