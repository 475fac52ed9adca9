using ComplianceTracker.Web.Features.Obligations;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Obligations;

/// <summary>
/// One item of 我的待办 that is not a form to fill (a one-off "十日内报送贯彻落实措施"): the requirement's words, its
/// clause and circular, the period, the due moment and how it was counted, and what has happened to it. The same
/// handlers as <c>GET /api/obligations/{id}</c> and <c>/history</c>; an item of another institution is a 404.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class ItemModel(GetDueItemHandler items, GetDueItemHistoryHandler history) : PageModel
{
    public DueItemDto Item { get; private set; } = null!;

    public List<DueItemStatusChangeDto> History { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        try
        {
            Item = await items.HandleAsync(id, ct);
            History = await history.HandleAsync(id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        return Page();
    }
}
