using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>辖区: the areas the caller oversees, and 增设辖区 below one of them (through <c>POST /api/jurisdictions</c>'s handler).</summary>
[Authorize(Policy = Policies.ManageInstitutions)]
public sealed class JurisdictionsModel(ListJurisdictionsHandler list, CreateJurisdictionHandler create) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? ParentCode { get; set; }

    [TempData]
    public string? Notice { get; set; }

    public List<JurisdictionChoice> Jurisdictions { get; private set; } = [];

    public IDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        Jurisdictions = await list.HandleAsync(ct);
        ParentCode ??= await list.HomeAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var created = await create.HandleAsync(new CreateJurisdictionRequest(Code, Name, ParentCode), ct);
            Notice = $"已增设辖区“{created.Name}”。";
            return Redirect("/jurisdictions");
        }
        catch (RuleViolationException e)
        {
            Errors = e.Errors;
            Jurisdictions = await list.HandleAsync(ct);
            return Page();
        }
    }

    /// <summary>How deep an area sits (全国 0, a province 1 ...), for indenting the list.</summary>
    public static int Depth(string path) => path.Count(c => c == '/') - 2;
}
