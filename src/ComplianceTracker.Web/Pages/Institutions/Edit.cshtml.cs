using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Features.Institutions;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Institutions;

/// <summary>
/// One institution: edit (and move, by another parent or jurisdiction) through the same handler as
/// <c>PUT /api/institutions/{code}</c>; 停用 through <c>POST /api/institutions/{code}/deactivate</c>'s.
/// </summary>
[Authorize(Policy = Policies.ManageInstitutions)]
public sealed class EditModel(ListInstitutionsHandler list, UpdateInstitutionHandler update, DeactivateInstitutionHandler deactivate, ListJurisdictionsHandler jurisdictions) : PageModel
{
    [BindProperty]
    public InstitutionForm Input { get; set; } = new();

    public InstitutionDto Institution { get; private set; } = null!;
    public InstitutionFormView Form { get; private set; } = null!;
    public string? Error { get; private set; }

    [TempData]
    public string? Notice { get; set; }

    public async Task<IActionResult> OnGetAsync(string code, CancellationToken ct)
    {
        try
        {
            await LoadAsync(code, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task LoadAsync(string code, CancellationToken ct)
    {
        Institution = await list.GetAsync(code, ct);
        Input = InstitutionForm.From(Institution);
        Form = new InstitutionFormView(Input, await jurisdictions.HandleAsync(ct), new Dictionary<string, string[]>(), IsNew: false);
    }

    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        try
        {
            var saved = await update.HandleAsync(code, Input.ToRequest(), ct);
            Notice = $"已保存“{saved.Name}”的信息。";
            return Redirect($"/institutions/{Uri.EscapeDataString(code)}");
        }
        catch (RuleViolationException e)
        {
            Institution = await list.GetAsync(code, ct);
            Input.Code = code;
            Form = new InstitutionFormView(Input, await jurisdictions.HandleAsync(ct), e.Errors, IsNew: false);
            Error = e.Message;
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string code, CancellationToken ct)
    {
        try
        {
            var done = await deactivate.HandleAsync(code, ct);
            Notice = $"已停用“{done.Name}”：历史记录保留，今后发布的文件不再向其分派事项。";
            return Redirect($"/institutions/{Uri.EscapeDataString(code)}");
        }
        catch (ConflictException e)
        {
            await LoadAsync(code, ct);
            Error = e.Message;
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }
}
