using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Notifications;
using ComplianceTracker.Web.Features.Reporting.Rules;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <param name="Comments">Explanations of warnings, by rule or indicator code.</param>
/// <param name="Note">报送说明: a note for the head and the supervisor (at most 500 characters).</param>
public sealed record SubmitRequest(Dictionary<string, string>? Comments, string? Note = null);

/// <summary>
/// Submits the saved figures: errors block (400), warnings need a comment; comments sent with the submit are saved
/// as a new revision first. The weekly obligation's due item follows, the head hears of it and the institution's targets
/// are judged, all saved in the submit's one write batch (after one read of what the message and the targets need).
/// A refused submit leaves nothing pending.
/// </summary>
public sealed class SubmitSubmissionHandler(
    ComplianceDbContext db,
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

        // The head's message and the institution's targets are written with the submission, in its own batch.
        var figures = new SubmittedFigures(context.Form.Id, context.Institution.Id, context.Period.Key, context.Period.End, values);
        var facts = await FactsAsync(context, submission, figures, ct);
        var deliver = facts is not null && StageMessage(context, submission, change, facts);
        StageListeners(context, figures, facts);
        await changes.SaveOrConflictAsync(ct);
        if (deliver)
        {
            await messages.DeliverAsync(ct);
        }

        return await reader.ViewAsync(context.Facts is { } known ? context with { Facts = known with { SubmitNote = note } } : context, ct);
    }

    private const string HeadRow = "Submit.head";
    private const string RobotRow = "Submit.robot";
    private const string EventsRow = "Submit.events";

    /// <summary>
    /// What the head's message and the listeners need, in one query: the institution's heads (with their e-mail
    /// addresses) and robots, how many status changes the submission has had, and each listener's rows. Null when it
    /// cannot be read: the submission stands without them (logged; the half-hourly job judges the targets again).
    /// </summary>
    private async Task<IReadOnlyList<SubmitFact>?> FactsAsync(SubmissionContext context, Submission submission, SubmittedFigures figures, CancellationToken ct)
    {
        var institutionId = context.Institution.Id;
        var submissionId = submission.Id;
        try
        {
            var query = InstitutionAudience.Holding(db, institutionId, Roles.BranchHead)
                .Select(u => new SubmitFact { Of = HeadRow, Id = 0, Number = null, Key = u.Id, Text = u.Email, Value = null, Date = null, Flag = false })
                .Concat(InstitutionAudience.RobotsOf(db, institutionId)
                    .Select(r => new SubmitFact { Of = RobotRow, Id = r.Id, Number = null, Key = null, Text = null, Value = null, Date = null, Flag = false }))
                .Concat(db.Submissions.Where(s => s.Id == submissionId)
                    .Select(s => new SubmitFact { Of = EventsRow, Id = db.SubmissionEvents.Count(e => e.SubmissionId == s.Id), Number = null, Key = null, Text = null, Value = null, Date = null, Flag = false }));
            foreach (var listener in listeners)
            {
                query = query.Concat(listener.Facts(figures));
            }

            return await query.AsNoTracking().ToListAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Could not read what the messages and targets of a submit need: form {Form} of institution {Institution}", context.Form.Code, context.Institution.Code);
            return null;
        }
    }

    /// <summary>The head hears of the submit (inbox, e-mail, robot), recorded with it; returns whether there is anything to send once saved.</summary>
    private bool StageMessage(SubmissionContext context, Submission submission, SubmissionEvent change, IReadOnlyList<SubmitFact> facts)
    {
        var scope = context.Scope;
        var byName = scope.User.UserName is not null && scope.User.DisplayName is { Length: > 0 } name ? name : scope.UserName;
        var heads = facts.Where(f => f.Of == HeadRow).Select(f => (f.Key!, f.Text)).ToList();
        var robots = facts.Where(f => f.Of == RobotRow).Select(f => (int)f.Id).ToList();
        var ordinal = (int)facts.Single(f => f.Of == EventsRow).Id + 1;
        return messages.StageSubmitted(new ReportMessages.SubmittedReport(
            submission.Id, ordinal, context.Institution.Code, context.Institution.Name, context.Form.Code, context.Form.Name,
            context.Period.Key, context.Period.Start, context.Period.End, byName, change.Reason, change.Revision, heads, robots));
    }

    /// <summary>
    /// Whoever reads the figures (the institution's targets) adds what it writes, saved with the submission; a failure
    /// there is logged and does not stop the submission (the half-hourly job judges the targets again).
    /// </summary>
    private void StageListeners(SubmissionContext context, SubmittedFigures figures, IReadOnlyList<SubmitFact>? facts)
    {
        if (facts is null)
        {
            return;
        }

        foreach (var listener in listeners)
        {
            try
            {
                listener.Stage(figures, facts);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "{Listener} failed on form {Form} of institution {Institution}", listener.GetType().Name, context.Form.Code, context.Institution.Code);
            }
        }
    }

    private static bool HasComment(Dictionary<string, string> comments, ValidationFinding finding) =>
        new[] { finding.RuleCode, finding.IndicatorCode }.OfType<string>().Any(k => comments.TryGetValue(k, out var c) && !string.IsNullOrWhiteSpace(c));
}
