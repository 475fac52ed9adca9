using System.Globalization;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>
/// 机构: the registry the caller may keep, through the same handler as <c>GET /api/institutions</c>: searched by
/// name, short name or code, filtered by type, category, jurisdiction and status, paged in SQL.
/// </summary>
[Authorize(Policy = Policies.ManageInstitutions)]
public sealed class IndexModel(ListInstitutionsHandler handler, ListJurisdictionsHandler jurisdictions) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public InstitutionType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public InstitutionCategory? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Jurisdiction { get; set; }
    [BindProperty(SupportsGet = true)] public bool? Active { get; set; }
    [FromQuery(Name = "page")] // "page" is also the route value naming the Razor page: read the query string only
    public int PageNumber { get; set; } = 1;

    public InstitutionPage Result { get; private set; } = new([], 0, 1, PageSize);
    public List<JurisdictionChoice> Jurisdictions { get; private set; } = [];
    public int PageCount => Math.Max(1, (Result.Total + PageSize - 1) / PageSize);

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Jurisdictions = await jurisdictions.HandleAsync(ct);
        if (Jurisdiction is not null && Jurisdictions.All(j => j.Code != Jurisdiction))
        {
            Jurisdiction = null;
        }

        Result = await handler.HandleAsync(new InstitutionQuery(Q, Type, Category, Jurisdiction, Active, Math.Max(1, PageNumber), PageSize), ct);
    }

    public string PageUrl(int page)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Q,
            ["type"] = Type?.ToString(),
            ["category"] = Category?.ToString(),
            ["jurisdiction"] = Jurisdiction,
            ["active"] = Active?.ToString(),
            ["page"] = page.ToString(CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/institutions", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }
}
