using System.ComponentModel.DataAnnotations;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>
/// The completeness matrix for supervisors and leaders: institutions × the last weeks, 按时 / 迟报 / 未报 / 未到期,
/// each cell opening that submission; the same handler as <c>GET /api/forms/{form}/completeness</c>. Without a form it
/// opens on the form being reported.
/// </summary>
[Authorize(Policy = Policies.Oversight)]
public sealed class CompletenessModel(FormQueries forms, GetReportedFormHandler reported, GetCompletenessHandler completeness) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "form")]
    [Display(Name = "报表")]
    public string? Form { get; set; }

    [BindProperty(SupportsGet = true, Name = "weeks")]
    [Display(Name = "周数")]
    [Range(1, 52, ErrorMessage = "周数应为1到52之间的整数。")]
    public int Weeks { get; set; } = 8;

    public List<FormSummaryDto> Forms { get; private set; } = [];
    public CompletenessMatrixDto? Matrix { get; private set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Forms = await forms.ListAsync(ct);
        if (!ModelState.IsValid)
        {
            Error = PagesSetup.Errors(ModelState);
            Weeks = Math.Clamp(Weeks, 1, 52);
        }

        Form = Form is { Length: > 0 } asked ? asked.Trim() : await reported.HandleAsync(ct);
        if (Form is null)
        {
            return Page();
        }

        try
        {
            Matrix = await completeness.ForLatestAsync(Form, Weeks, ct);
        }
        catch (NotFoundException e)
        {
            Error = e.Message;
        }

        return Page();
    }

    public static (string Text, string Css) Cell(CellState state) => state switch
    {
        CellState.OnTime => ("按时", "Done"),
        CellState.Late => ("迟报", "Open"),
        CellState.Missing => ("未报", "Overdue"),
        _ => ("未到期", "Waived"),
    };
}
