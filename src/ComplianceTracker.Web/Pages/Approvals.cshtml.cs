using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Pages;

public sealed record PendingApproval(string Form, string FormName, string Period, string Institution, string InstitutionName, DateTimeOffset? SubmittedAt, int Revision);

/// <summary>A branch head's submissions waiting for approval: approve, or return with a reason (the workflow's rules apply).</summary>
public sealed class ApprovalsModel(ComplianceDbContext db, CurrentUser currentUser, SubmissionContextLoader loader, ApproveSubmissionHandler approver, ReturnSubmissionHandler returner) : PageModel
{
    public List<PendingApproval> Pending { get; private set; } = [];
    public string? Notice { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task OnPostAsync(string form, string period, string institution, string action, string? reason, CancellationToken ct)
    {
        try
        {
            var context = await loader.LoadAsync(form, period, institution, ct);
            if (action == "return")
            {
                await returner.HandleAsync(context, new ReturnRequest(reason), ct);
                Notice = $"已退回 {institution} 的 {period} 期报表。";
            }
            else
            {
                await approver.HandleAsync(context, ct);
                Notice = $"已审核通过 {institution} 的 {period} 期报表。";
            }
        }
        catch (Exception e) when (e is RuleViolationException or ConflictException or ForbiddenException or NotFoundException)
        {
            Error = e is RuleViolationException r && r.Errors.Count > 0 ? string.Join("；", r.Errors.Values.SelectMany(v => v)) : e.Message;
        }

        await LoadAsync(ct);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var rows = await db.Submissions.Where(s => s.Status == SubmissionStatus.Submitted && visible.Contains(s.InstitutionId))
            .OrderBy(s => s.SubmittedAt)
            .Select(s => new { s.Form.Code, s.Form.Name, Period = s.Period.Key, Institution = s.Institution.Code, InstitutionName = s.Institution.Name, s.SubmittedAt, s.Revision })
            .Take(200).ToListAsync(ct);
        Pending = rows.Select(r => new PendingApproval(r.Code, r.Name, r.Period, r.Institution, r.InstitutionName, r.SubmittedAt is { } at ? ChinaTime.ToChina(at) : null, r.Revision)).ToList();
    }
}
