using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ComplianceTracker.Web.Pages.Reporting;

/// <summary>
/// 补报申请: the requests of the institutions the caller sees, waiting first. A supervisor grants each (until the end
/// of the next working day, China time) or refuses it with a reason, on the page; a reporter sees the answers. The
/// same handlers as <c>/api/unlock-requests</c>.
/// </summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class UnlockApplicationsModel(UnlockApplicationQueries queries, AnswerUnlockApplicationHandler answerer) : PageModel
{
    public List<UnlockApplicationDto> Items { get; private set; } = [];

    public string? Notice { get; private set; }

    public string? Error { get; private set; }

    /// <summary>The request the error is about, so the reason box it belongs to says it.</summary>
    public int? ErrorFor { get; private set; }

    public bool Answers => User.IsInRole(Roles.Supervisor);

    public async Task OnGetAsync(CancellationToken ct) => Items = await queries.ListAsync(null, 200, ct);

    public async Task<IActionResult> OnPostGrantAsync(int id, CancellationToken ct) =>
        await AnswerAsync(id, async () =>
        {
            var granted = await answerer.GrantAsync(id, null, ct);
            Notice = $"已准予{granted.InstitutionName}补报{granted.PeriodName}，至 {granted.GrantedUntil:M月d日 HH:mm}。";
        }, ct);

    public async Task<IActionResult> OnPostRefuseAsync(int id, string? reason, CancellationToken ct) =>
        await AnswerAsync(id, async () =>
        {
            var refused = await answerer.RefuseAsync(id, reason, ct);
            Notice = $"已拒绝{refused.InstitutionName}补报{refused.PeriodName}，机构会收到消息和原因。";
        }, ct);

    private async Task<IActionResult> AnswerAsync(int id, Func<Task> answer, CancellationToken ct)
    {
        if (!Answers)
        {
            return Forbid();
        }

        try
        {
            await answer();
        }
        catch (Exception e) when (e is RuleViolationException or ConflictException or ForbiddenException or NotFoundException)
        {
            Error = e is RuleViolationException r && r.Errors.Count > 0 ? string.Join("；", r.Errors.Values.SelectMany(v => v)) : e.Message;
            ErrorFor = id;
            Response.StatusCode = e is ForbiddenException ? StatusCodes.Status403Forbidden : StatusCodes.Status200OK;
        }

        Items = await queries.ListAsync(null, 200, ct);
        return Page();
    }
}
