using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using ComplianceTracker.Web.Infrastructure.Security;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>A page of the list; <see cref="Q"/>: words of the institution's name, short name or code; <see cref="LateOnly"/>: only those submitted after the due moment.</summary>
public sealed record ListPendingApprovalsRequest(int Page = 1, int PageSize = ListPendingApprovalsHandler.DefaultPageSize, string? Q = null, bool LateOnly = false);

public sealed record PendingApprovalDto(string Form, string FormName, string Period, string Institution, string InstitutionName, DateTimeOffset? SubmittedAt, int Revision, string? Note = null, bool IsLate = false)
{
    /// <summary>The form's headline indicators: this period's figure beside the last reported one.</summary>
    public List<HeadlineChange> Headlines { get; init; } = [];

    /// <summary>The reporter's explanations of the warnings (提示) the figures raised, each with what it explains.</summary>
    public List<WarningExplanation> Explanations { get; init; } = [];
}

/// <summary>A headline figure against the last reported period's: <see cref="Change"/> is the relative change (0.12 is +12%), when both exist and the last is not 0.</summary>
public sealed record HeadlineChange(string Name, string Unit, decimal? Value, decimal? Previous)
{
    public decimal? Change => Value is { } v && Previous is { } p && p != 0 ? (v - p) / Math.Abs(p) : null;
}

/// <summary>What a warning was about (an indicator's name, or the rule's words) and how the reporter explained it.</summary>
public sealed record WarningExplanation(string About, string Text);

/// <param name="Items">The page's rows.</param>
/// <param name="Total">How many match.</param>
/// <param name="Late">How many of them were submitted late (counted in SQL).</param>
/// <param name="All">How many wait in all, filter or not.</param>
public sealed record PendingApprovalsPage(List<PendingApprovalDto> Items, int Total, int Late = 0, int All = 0);

/// <summary>Submissions waiting for approval in the institutions the caller sees, oldest submission first, filtered, counted and paged in the database.</summary>
public sealed class ListPendingApprovalsHandler(ComplianceDbContext db, CurrentUser currentUser)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>How many wait (the navigation's 待审核 badge), without reading them.</summary>
    public async Task<int> CountAsync(CancellationToken ct)
    {
        var scope = await currentUser.ScopeAsync(ct);
        var visible = scope.Institutions(db).Select(i => i.Id);
        return await db.Submissions.CountAsync(s => s.Status == SubmissionStatus.Submitted && visible.Contains(s.InstitutionId), ct);
    }

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
        var waiting = db.Submissions.Where(s => s.Status == SubmissionStatus.Submitted && visible.Contains(s.InstitutionId));
        var all = await waiting.CountAsync(ct);
        var pending = waiting;
        if (request.Q?.Trim() is { Length: > 0 } q)
        {
            pending = pending.Where(s => s.Institution.Name.Contains(q) || s.Institution.Code.Contains(q) || (s.Institution.ShortName != null && s.Institution.ShortName.Contains(q)));
        }

        var late = await pending.CountAsync(s => s.FirstSubmittedAt > s.Period.DueAt, ct);
        if (request.LateOnly)
        {
            pending = pending.Where(s => s.FirstSubmittedAt > s.Period.DueAt);
        }

        var total = request.LateOnly ? late : request.Q is { Length: > 0 } ? await pending.CountAsync(ct) : all;
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
                s.FormId,
                Version = s.FormVersion,
                s.ValuesJson,
                s.CommentsJson,
                // The bank's latest report of an earlier period, for the change against it (one lookup per row, in SQL).
                PreviousValuesJson = db.Submissions
                    .Where(e => e.FormId == s.FormId && e.InstitutionId == s.InstitutionId && e.Period.Start < s.Period.Start
                        && (e.Status == SubmissionStatus.Submitted || e.Status == SubmissionStatus.Approved))
                    .OrderByDescending(e => e.Period.Start)
                    .Select(e => e.ValuesJson)
                    .FirstOrDefault(),
            })
            .ToListAsync(ct);

        // The page's context in two more queries: the forms' headline indicators and rules.
        var formIds = rows.Select(r => r.FormId).Distinct().ToList();
        var indicators = await db.Indicators.Where(i => formIds.Contains(i.FormId)).OrderBy(i => i.Ordinal)
            .Select(i => new { i.FormId, i.Code, i.Name, i.Unit, i.Headline, i.SinceVersion, i.UntilVersion }).ToListAsync(ct);
        var rules = await db.FormRules.Where(r => formIds.Contains(r.FormId)).OrderByDescending(r => r.SinceVersion).Select(r => new { r.FormId, r.Code, r.Message }).ToListAsync(ct);

        return new PendingApprovalsPage(
            rows.Select(r =>
            {
                var values = SubmissionJson.Values(r.ValuesJson);
                var previous = r.PreviousValuesJson is null ? [] : SubmissionJson.Values(r.PreviousValuesJson);
                var mine = indicators.Where(i => i.FormId == r.FormId && i.SinceVersion <= r.Version && (i.UntilVersion is null || r.Version < i.UntilVersion)).ToList();
                return new PendingApprovalDto(r.Code, r.Name, r.Period, r.Institution, r.InstitutionName, r.SubmittedAt is { } at ? ChinaTime.ToChina(at) : null, r.Revision, r.Note, r.IsLate)
                {
                    Headlines = mine.Where(i => i.Headline).Select(i => new HeadlineChange(i.Name, i.Unit, values.GetValueOrDefault(i.Code), previous.GetValueOrDefault(i.Code))).ToList(),
                    Explanations = SubmissionJson.Comments(r.CommentsJson)
                        .Select(c => new WarningExplanation(
                            mine.FirstOrDefault(i => i.Code == c.Key)?.Name ?? rules.FirstOrDefault(x => x.FormId == r.FormId && x.Code == c.Key)?.Message ?? "校验提示",
                            c.Value))
                        .ToList(),
                };
            }).ToList(),
            total,
            late,
            all);
    }
}
