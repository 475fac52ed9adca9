using System.Text.Json;
using ComplianceTracker.Web.Features.Dashboard;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Dashboard;

/// <summary>
/// The leader's picture, from the same handler as <c>GET /api/dashboard</c>: this period's expected, reported, on time
/// and overdue items with who has not reported; like-for-like totals; rates by week (a period not yet due is 进行中);
/// overdue items by institution; targets at risk with their units. Every figure is in a table; the charts (ECharts,
/// drawn on a canvas by <c>js/dashboard.js</c> from a <c>data-chart</c> attribute) add hover and tap.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class IndexModel(GetDashboardHandler handler) : PageModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [BindProperty(SupportsGet = true, Name = "form")]
    public string? FormCode { get; set; }

    [BindProperty(SupportsGet = true, Name = "period")]
    public string? PeriodKey { get; set; }

    public DashboardDto Dashboard { get; private set; } = null!;

    /// <summary>The rates chart's data: period names, and rates with null for a period 进行中.</summary>
    public string RatesChart => JsonSerializer.Serialize(new
    {
        kind = "rates",
        categories = Dashboard.Periods.Select(p => p.ShortName),
        names = Dashboard.Periods.Select(p => p.InProgress ? $"{p.Name}（进行中）" : p.Name),
        series = new[]
        {
            new { name = "报送率", values = Dashboard.Periods.Select(p => p.SubmittedRate) },
            new { name = "按时率", values = Dashboard.Periods.Select(p => p.OnTimeRate) },
        },
        unit = "%",
    }, Json);

    /// <summary>
    /// The totals chart's data: per indicator its values (null while 进行中), whether each period was complete (drawn
    /// solid) or not (dashed), and how many institutions' latest earlier figures stand in for a missing report.
    /// </summary>
    public string TotalsChart => JsonSerializer.Serialize(new
    {
        kind = "totals",
        categories = Dashboard.Periods.Select(p => p.ShortName),
        names = Dashboard.Periods.Select(p => p.Name),
        series = Dashboard.Trend.Select(t => new { name = t.Name, values = t.Values, complete = t.Complete, carried = t.CarriedForward, unit = t.Unit }),
        unit = TotalsUnit,
    }, Json);

    /// <summary>The overdue chart's data: institutions (full names, never cut) and their counts.</summary>
    public string OverdueChart => JsonSerializer.Serialize(new
    {
        kind = "bars",
        categories = Dashboard.Overdue.Top.Select(o => o.Name),
        series = new[] { new { name = "逾期事项", values = Dashboard.Overdue.Top.Select(o => o.Count) } },
        unit = "项",
    }, Json);

    /// <summary>The unit of the totals chart when the headline indicators share one.</summary>
    public string TotalsUnit => Dashboard.Trend.Select(t => t.Unit).Distinct().Count() == 1 ? Dashboard.Trend[0].Unit : "";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Dashboard = await handler.HandleAsync(FormCode, PeriodKey, ct);
        return Page();
    }
}
