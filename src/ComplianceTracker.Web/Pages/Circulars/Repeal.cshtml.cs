using ComplianceTracker.Web.Features.Circulars;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace ComplianceTracker.Web.Pages.Circulars;

/// <summary>
/// 废止 a published circular: the reason, the day from which it no longer applies, and the later circular that
/// repeals it (or none: by hand); confirmed before it is done, through the handler of <c>POST /api/circulars/{id}/repeal</c>.
/// </summary>
[Authorize(Policy = Policies.Supervisor)]
public sealed class RepealModel(GetCircularHandler reader, ListCircularsHandler circulars, ListJurisdictionsHandler jurisdictions, RepealCircularHandler repealer, TimeProvider time)
    : CircularChangePage(reader, circulars, jurisdictions)
{
    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? EffectiveOn { get; set; }

    [BindProperty]
    public string? ByCircularId { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } answer)
        {
            return answer;
        }

        EffectiveOn = CircularInput.Format(ChinaTime.Today(time));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } answer)
        {
            return answer;
        }

        var errors = new Dictionary<string, string[]>();
        var effectiveOn = CircularInput.ParseDate(EffectiveOn, "effectiveOn", "废止生效日期", errors);
        var by = ByCircular(ByCircularId, errors);
        if (errors.Count > 0)
        {
            errors[""] = ["废止内容有误，未作任何修改。请按提示修改后重试。"];
            Errors = errors;
            return Page();
        }

        return await TryAsync(id, async () =>
        {
            await repealer.HandleAsync(id, new RepealCircularRequest(Reason, effectiveOn, by), ct);
            return Redirect($"/circulars/{id}?changed=repealed");
        }, ct);
    }
}
