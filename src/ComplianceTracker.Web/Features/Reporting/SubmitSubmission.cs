using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;

namespace ComplianceTracker.Web.Features.Reporting;

/// <param name="Comments">Explanations of warnings, by rule or indicator code.</param>
/// <param name="Note">报送说明: a note for the head and the supervisor (at most 500 characters).</param>
public sealed record SubmitRequest(Dictionary<string, string>? Comments, string? Note = null);

/// <summary>
/// Submits the saved figures: errors block (400), warnings need a comment; comments sent with the submit are saved
/// as a new revision first. The weekly obligation's due item follows, and the institution's targets are judged.
/// A refused submit leaves nothing pending.
/// </summary>
public sealed class SubmitSubmissionHandler(
    SubmissionChanges changes,
    ValidateSubmissionHandler validator,
    GetSubmissionHandler reader,
    IEnumerable<ISubmittedFiguresListener> listeners,
    ReportMessages messages,
    ILogger<SubmitSubmissionHandler> logger)
{
    public async Task<SubmissionView> HandleAsync(SubmissionContext context, SubmitRequest request, RevisionSource source, CancellationToken ct)
    {
        SubmissionAccess.RequireFiller(context);
        var submission = context.Submission ?? throw new ConflictException("该期报表尚未填报，请先保存数据再提交。");
        var next = SubmissionChanges.Next(submission.Status, SubmissionAction.Submit, status => $"该期报表{status.Label()}，无需重复提交。");

        await changes.RequireUnlockedAsync(context, ct);

        var note = request.Note?.Trim() is { Length: > 0 } n ? n : null;
        if (note is { Length: > 500 })
        {
            throw RuleViolationException.For("note", $"报送说明不能超过500个字（现有 {note.Length} 个字），请精简后再提交。");
        }

        var now = changes.Now;
        var values = SubmissionJson.Values(submission.ValuesJson);
        var comments = SubmissionJson.Comments(submission.CommentsJson);
        var added = request.Comments is { Count: > 0 } ? request.Comments : null;
        foreach (var (key, text) in added ?? [])
        {
            comments[key] = text;
        }

        var findings = await validator.ValidateAsync(context, values, ct);
        var errors = findings.Where(f => f.Severity == RuleSeverity.Error).ToList();
        var unexplained = findings.Where(f => f.Severity == RuleSeverity.Warning && !HasComment(comments, f)).ToList();
        if (errors.Count > 0 || unexplained.Count > 0)
        {
            var problems = errors.Concat(unexplained)
                .GroupBy(f => f.IndicatorCode ?? f.RuleCode ?? "values")
                .ToDictionary(g => g.Key, g => g.Select(f => f.Severity == RuleSeverity.Warning ? $"{f.Message}（提示：请填写说明，解释变动原因后再提交）" : f.Message).ToArray());
            var detail = errors.Count > 0
                ? $"有 {errors.Count} 项数据未通过校验，请修改后再提交。"
                : $"有 {unexplained.Count} 项提示需要填写说明后才能提交。";
            throw new RuleViolationException(detail, problems);
        }

        if (added is not null)
        {
            SubmissionChanges.AddRevision(submission, values, comments, source, context.Scope.UserName, null, now);
        }

        submission.SubmittedAt = now;
        submission.FirstSubmittedAt ??= now;
        submission.ReturnReason = null;
        var change = SubmissionChanges.Move(submission, next, context.Scope.UserName, note, now);
        await changes.FollowDueItemAsync(context, DueItemStatus.Submitted, submission.FirstSubmittedAt, context.Scope.UserName, "报表已提交", ct);
        await changes.SaveOrConflictAsync(ct);
        await messages.SubmissionMovedAsync(change.Id, ct);
        var view = await reader.ViewAsync(context.Facts is { } facts ? context with { Facts = facts with { SubmitNote = note } } : context, ct);
        await JudgeTargetsAsync(context, ct);
        return view;
    }

    /// <summary>Whoever reads the figures (the institution's targets) at once; a failure there does not undo the submission.</summary>
    private async Task JudgeTargetsAsync(SubmissionContext context, CancellationToken ct)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await listener.FiguresSubmittedAsync(context.Form.Id, context.Institution.Id, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The submission stands; the half-hourly job judges the targets again.
                logger.LogWarning(e, "{Listener} failed on form {Form} of institution {Institution}", listener.GetType().Name, context.Form.Code, context.Institution.Code);
            }
        }
    }

    private static bool HasComment(Dictionary<string, string> comments, ValidationFinding finding) =>
        new[] { finding.RuleCode, finding.IndicatorCode }.OfType<string>().Any(k => comments.TryGetValue(k, out var c) && !string.IsNullOrWhiteSpace(c));
}
