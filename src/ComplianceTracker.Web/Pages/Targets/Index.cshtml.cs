using System.ComponentModel.DataAnnotations;
using System.Globalization;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Targets;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Targets;

/// <summary>
/// 目标: each target's latest verdict per institution and for the jurisdiction's total, ranked, through the same
/// query as <c>GET /api/targets</c> (and so the same scoping), optionally for one circular.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class IndexModel(TargetQueries queries, ListCircularsHandler circulars, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "circularId")]
    [Display(Name = "通知文件编号")]
    public int? CircularId { get; set; }

    public List<TargetStatusDto> Rows { get; private set; } = [];
    public List<(int Id, string Name)> Circulars { get; private set; } = [];
    public string? Error { get; private set; }
    public bool CanEnterBaselines { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanEnterBaselines = (await authorization.AuthorizeAsync(User, Policies.Supervisor)).Succeeded;
        var all = await queries.LatestAsync(null, null, ct);
        var names = (await circulars.HandleAsync(ct)).ToDictionary(c => c.Id, c => c.DocumentNumber ?? c.Title);
        Circulars = all.Select(r => r.CircularId).Distinct().Select(id => (id, names.GetValueOrDefault(id) ?? $"通知 {id}")).ToList();
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            CircularId = null;
            return;
        }

        Rows = CircularId is { } id ? await queries.LatestAsync(id, null, ct) : all;
    }

    public string ExportUrl => CircularId is { } id ? $"/api/exports/targets.xlsx?circularId={id.ToString(CultureInfo.InvariantCulture)}" : "/api/exports/targets.xlsx";

    public static string HistoryUrl(TargetStatusDto row) =>
        row.Institution is { } code ? $"/targets/{row.Id.ToString(CultureInfo.InvariantCulture)}?institution={Uri.EscapeDataString(code)}" : $"/targets/{row.Id.ToString(CultureInfo.InvariantCulture)}";
}
