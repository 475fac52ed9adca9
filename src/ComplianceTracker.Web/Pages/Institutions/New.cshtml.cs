using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>登记机构: one institution, through the same handler as <c>POST /api/institutions</c>.</summary>
[Authorize(Policy = Policies.ManageInstitutions)]
public sealed class NewModel(CreateInstitutionHandler create, ListJurisdictionsHandler jurisdictions) : PageModel
{
    [BindProperty]
    public InstitutionForm Input { get; set; } = new();

    public InstitutionFormView Form { get; private set; } = null!;

    [TempData]
    public string? Notice { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Input.JurisdictionCode = await jurisdictions.HomeAsync(ct);
        Form = new InstitutionFormView(Input, await jurisdictions.HandleAsync(ct), new Dictionary<string, string[]>(), IsNew: true);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        try
        {
            var created = await create.HandleAsync(Input.ToCreateRequest(), ct);
            Notice = $"已登记“{created.Name}”。";
            return Redirect($"/institutions/{Uri.EscapeDataString(created.Code)}");
        }
        catch (RuleViolationException e)
        {
            Form = new InstitutionFormView(Input, await jurisdictions.HandleAsync(ct), e.Errors, IsNew: true);
            return Page();
        }
    }
}
