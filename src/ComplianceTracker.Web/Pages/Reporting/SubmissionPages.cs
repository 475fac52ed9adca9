using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

public static class SubmissionPages
{
    /// <summary>
    /// Loads one submission for a page with the API's access rules, or the answer for a caller who may not see it:
    /// the 404 page (no such form, period or bank, or not the caller's) or the 403 page.
    /// </summary>
    public static async Task<(SubmissionContext? Context, IActionResult? Refusal)> LoadSubmissionAsync(
        this PageModel page, SubmissionContextLoader loader, string form, string period, string institution, CancellationToken ct)
    {
        try
        {
            return (await loader.LoadAsync(form, period, institution, ct), null);
        }
        catch (NotFoundException)
        {
            return (null, page.NotFound());
        }
        catch (ForbiddenException)
        {
            return (null, page.Forbid());
        }
    }
}
