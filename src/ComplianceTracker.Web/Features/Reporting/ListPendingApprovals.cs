using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record ListPendingApprovalsRequest(int Page = 1, int PageSize = ListPendingApprovalsHandler.DefaultPageSize);

public sealed record PendingApprovalDto(string Form, string FormName, string Period, string Institution, string InstitutionName, DateTimeOffset? SubmittedAt, int Revision, string? Note = null, bool IsLate = false);

public sealed record PendingApprovalsPage(List<PendingApprovalDto> Items, int Total);

/// <summary>Submissions waiting for approval in the institutions the caller sees, oldest submission first, paged in the database.</summary>
public sealed class ListPendingApprovalsHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public async Task<PendingApprovalsPage> HandleAsync(ListPendingApprovalsRequest request, CancellationToken ct)
    {
        if (request.Page is < 1 or > 100_000 || request.PageSize is < 1 or > MaxPageSize)
        {
            throw new RuleViolationException("分页参数有误。", new Dictionary<string, string[]>
            {
                ["page"] = ["页码应在1到100000之间。"],
                ["pageSize"] = [$"每页条数应在1到{MaxPageSize}之间。"],
            });
        }

        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        var pending = db.Submissions.Where(s => s.Status == SubmissionStatus.Submitted && visible.Contains(s.InstitutionId));
        var total = await pending.CountAsync(ct);
        var rows = await pending
            .OrderBy(s => s.SubmittedAt).ThenBy(s => s.Id)
            .Skip((request.Page - 1) * request.PageSize).Take(request.PageSize)
            .Select(s => new
            {
                s.Form.Code,
                s.Form.Name,
                Period = s.Period.Key,
                Institution = s.Institution.Code,
                InstitutionName = s.Institution.Name,
                s.SubmittedAt,
                s.Revision,
                Note = s.Events.Where(e => e.To == SubmissionStatus.Submitted).OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefault(),
                IsLate = s.FirstSubmittedAt > s.Period.DueAt,
            })
            .ToListAsync(ct);
        return new PendingApprovalsPage(
            rows.Select(r => new PendingApprovalDto(r.Code, r.Name, r.Period, r.Institution, r.InstitutionName, r.SubmittedAt is { } at ? ChinaTime.ToChina(at) : null, r.Revision, r.Note, r.IsLate)).ToList(),
            total);
    }
}
