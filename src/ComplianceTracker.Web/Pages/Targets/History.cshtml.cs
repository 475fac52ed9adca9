using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>
/// One target's verdicts week by week, for one institution (<c>?institution=</c>) or the jurisdiction's total: the same
/// query as <c>GET /api/targets/{id}/history</c>, drawn as an SVG line with one point per stored verdict, and a table.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class HistoryModel(TargetQueries queries) : PageModel
{
    public int Id { get; private set; }
    public string? Institution { get; private set; }
    public TargetStatusDto? Current { get; private set; }
    public List<TargetHistoryPointDto> Points { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, [FromQuery] string? institution, CancellationToken ct)
    {
        Id = id;
        Institution = institution is { Length: > 0 } ? institution.Trim() : null;
        try
        {
            Points = await queries.HistoryAsync(id, Institution, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Current = (await queries.LatestAsync(null, Institution, ct)).FirstOrDefault(r => r.Id == id && r.Institution == Institution);
        return Page();
    }

    public string Subject => Current?.InstitutionName ?? (Institution is null ? "辖内合计" : Institution);
}
