using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

public sealed record SaveSubmissionRequest(Dictionary<string, decimal?>? Values, Dictionary<string, string>? Comments, int? BaseRevision);

/// <summary>
/// Saves a draft revision of the figures (page, API or Excel): the institution's own reporter or head, on the
/// revision they read (optimistic concurrency), before the lock, and once per Idempotency-Key. A save that changes
/// nothing adds no revision.
/// </summary>
public sealed class SaveSubmissionHandler(ComplianceDbContext db, SubmissionChanges changes, GetSubmissionHandler reader, TimeProvider time)
{
    public async Task<SubmissionView> HandleAsync(SubmissionContext context, SaveSubmissionRequest request, RevisionSource source, string? idempotencyKey, CancellationToken ct)
    {
        SubmissionAccess.RequireFiller(context);
        var submission = context.Submission;

        // A retried request (same Idempotency-Key) answers with the state it created, and creates nothing.
        if (await IsRetryAsync(context, idempotencyKey, ct))
        {
            return await reader.ViewAsync(context, ct);
        }

        var values = CheckValues(context.Form, request.Values);
        var comments = request.Comments ?? [];
        var current = submission?.Revision ?? 0;
        if (request.BaseRevision is not { } baseRevision)
        {
            throw RuleViolationException.For("baseRevision", $"请提供 baseRevision（当前版本为 {current}，新建时为 0），以免覆盖他人的修改。");
        }

        if (baseRevision != current)
        {
            throw new ConflictException($"数据已被修改：您基于版本 {baseRevision} 保存，但当前版本为 {current}。请刷新后再修改。");
        }

        var next = SubmissionChanges.Next(submission?.Status ?? SubmissionStatus.NotStarted, SubmissionAction.Save,
            status => $"该期报表{status.Label()}，不能修改；如需更正，请由机构负责人或监管员退回。");

        await changes.RequireUnlockedAsync(context, ct);
        if (ChinaTime.Today(time) < context.Period.Start)
        {
            throw new ConflictException($"{PeriodNames.Name(context.Period.Key, context.Period.Start, context.Period.End)}自{context.Period.Start.Year}年{context.Period.Start.Month}月{context.Period.Start.Day}日开始，尚不能填报。");
        }

        // The same figures and comments again (a second click on 保存草稿): nothing changed, so no new revision.
        if (submission is not null && submission.ValuesJson == SubmissionJson.Write(values) && submission.CommentsJson == SubmissionJson.Write(comments))
        {
            return await reader.ViewAsync(context, ct);
        }

        var now = changes.Now;
        if (submission is null)
        {
            submission = new Submission
            {
                FormId = context.Form.Id,
                PeriodId = context.Period.Id,
                InstitutionId = context.Institution.Id,
                FormVersion = context.Period.Version,
                Status = next,
            };
            db.Submissions.Add(submission);
        }

        SubmissionChanges.AddRevision(submission, values, comments, source, context.Scope.UserName, idempotencyKey, now);
        await changes.SaveOrConflictAsync(ct);
        return await reader.ViewAsync(context with { Submission = submission }, ct);
    }

    /// <summary>A save already made with this Idempotency-Key (a retried request).</summary>
    public async Task<bool> IsRetryAsync(SubmissionContext context, string? idempotencyKey, CancellationToken ct) =>
        idempotencyKey is not null && context.Submission is { } submission
        && await db.SubmissionRevisions.AnyAsync(r => r.SubmissionId == submission.Id && r.IdempotencyKey == idempotencyKey, ct);

    /// <summary>The figures of a request: every code must be one of the form's, missing codes are left empty.</summary>
    private static Dictionary<string, decimal?> CheckValues(ReportForm form, Dictionary<string, decimal?>? values)
    {
        if (values is null)
        {
            throw RuleViolationException.For("values", "请提供 values，例如 {\"LOAN_BAL\": 1200.5}。");
        }

        var known = form.Indicators.Select(i => i.Code).ToHashSet(StringComparer.Ordinal);
        var unknown = values.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new RuleViolationException(
                $"报表“{form.Name}”中没有以下指标：{string.Join("、", unknown)}。",
                unknown.ToDictionary(k => $"values.{k}", k => new[] { $"报表中没有指标“{k}”，请核对指标代码。" }));
        }

        return form.Indicators.OrderBy(i => i.Ordinal).ToDictionary(i => i.Code, i => values.GetValueOrDefault(i.Code));
    }
}
