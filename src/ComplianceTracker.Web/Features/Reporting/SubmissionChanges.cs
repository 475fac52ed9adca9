using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Deadlines;
using ComplianceTracker.Web.Infrastructure;
using ComplianceTracker.Web.Infrastructure.Observability;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The steps the submission use cases share: the lock check, history rows (revisions and status events), the weekly
/// obligation's due item following the submission, and one SaveChanges that turns a concurrent change into a 409.
/// </summary>
public sealed class SubmissionChanges(ComplianceDbContext db, TimeProvider time, IWorkingDayCalendar calendar)
{
    public DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task RequireUnlockedAsync(SubmissionContext context, CancellationToken ct)
    {
        var now = Now;
        if (now > context.Period.LockAt && !await IsUnlockedAsync(context, now, ct))
        {
            throw new ConflictException($"{PeriodNames.Name(context.Period.Key, context.Period.Start, context.Period.End)}已于 {ChinaTime.ToChina(context.Period.LockAt):yyyy-MM-dd HH:mm} 锁定，不能再修改或提交；如需补报或更正，请申请补报，由监管员准予。");
        }
    }

    public Task<bool> HasUnlockAsync(SubmissionContext context, DateTime now, CancellationToken ct) =>
        db.PeriodUnlocks.AnyAsync(u => u.PeriodId == context.Period.Id && u.InstitutionId == context.Institution.Id && u.Until > now, ct);

    /// <summary>An unlock lets the institution change the period: as read with the context when it was, else now.</summary>
    public Task<bool> IsUnlockedAsync(SubmissionContext context, DateTime now, CancellationToken ct) =>
        context.Facts is { } facts ? Task.FromResult(facts.Unlocked) : HasUnlockAsync(context, now, ct);

    /// <summary>The status an action moves the submission to, or a 409 naming the status it is in.</summary>
    public static SubmissionStatus Next(SubmissionStatus from, SubmissionAction action, Func<SubmissionStatus, string> refusal) =>
        Submission.After(from, action) ?? throw new ConflictException(refusal(from));

    public static void AddRevision(Submission submission, Dictionary<string, decimal?> values, Dictionary<string, string> comments, RevisionSource source, string by, string? idempotencyKey, DateTime now)
    {
        submission.Revision++;
        submission.ValuesJson = SubmissionJson.Write(values);
        submission.CommentsJson = SubmissionJson.Write(comments);
        submission.UpdatedAt = now;
        submission.Revisions.Add(new SubmissionRevision
        {
            Number = submission.Revision,
            CreatedAt = now,
            CreatedBy = by,
            Source = source,
            ValuesJson = submission.ValuesJson,
            CommentsJson = submission.CommentsJson,
            IdempotencyKey = idempotencyKey,
        });
    }

    /// <summary>Moves the submission to <paramref name="to"/> and keeps the change as a history row.</summary>
    public static SubmissionEvent Move(Submission submission, SubmissionStatus to, string by, string? reason, DateTime now)
    {
        var from = submission.Status;
        submission.Status = to;
        submission.UpdatedAt = now;
        var change = new SubmissionEvent { From = from, To = to, Revision = submission.Revision, At = now, By = by, Reason = reason };
        submission.Events.Add(change);
        return change;
    }

    /// <summary>
    /// Moves the period's due item of the weekly obligation to follow the submission. A return
    /// (<paramref name="returned"/>) gives the institution until the end of the next working day to correct when that
    /// is later than the due moment: it is correcting on request, not late.
    /// </summary>
    public async Task FollowDueItemAsync(SubmissionContext context, DueItemStatus to, DateTime? completedAt, string by, string reason, CancellationToken ct, bool returned = false)
    {
        if (context.Form.RequirementId is not { } requirementId)
        {
            return;
        }

        var item = context.Facts is { } facts ? facts.DueItem : await db.DueItems.SingleOrDefaultAsync(d =>
            d.Obligation.RequirementId == requirementId && d.Obligation.InstitutionId == context.Institution.Id && d.PeriodKey == context.Period.Key, ct);
        // A supervisor's decision (waived, or confirmed done) stands whatever the submission does afterwards.
        if (item is null || item.Status == to || item.Status == DueItemStatus.Waived || item.Status == DueItemStatus.Repealed)
        {
            return;
        }

        db.DueItemStatusChanges.Add(new DueItemStatusChange { DueItemId = item.Id, From = item.Status, To = to, ChangedAt = Now, ChangedBy = by, Reason = reason });
        item.Status = to;
        item.CompletedAt = completedAt;
        if (returned)
        {
            item.CorrectionDueAt = DueItemRules.CorrectionDeadline(item.DueAt, calendar.EndOfNextWorkingDay(Now));
        }
    }

    /// <summary>Who saved the submission's current revision (the figures as they stand).</summary>
    public Task<string?> EnteredByAsync(Submission submission, CancellationToken ct) =>
        db.SubmissionRevisions.Where(r => r.SubmissionId == submission.Id && r.Number == submission.Revision).Select(r => r.CreatedBy).FirstOrDefaultAsync(ct);

    public static string Target(SubmissionContext context) => $"{context.Form.Code} {context.Period.Key} {context.Institution.Code}";

    public async Task SaveOrConflictAsync(CancellationToken ct)
    {
        try
        {
            var revisions = db.ChangeTracker.Entries<SubmissionRevision>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Source).ToList();
            await db.SaveChangesAsync(ct);
            revisions.ForEach(source => Telemetry.Submissions.Add(1, new KeyValuePair<string, object?>("source", source.ToString())));
        }
        catch (DbUpdateException e) when (DbErrors.IsConflict(e))
        {
            // A concurrency token or a unique key caught a concurrent change of the same submission: nothing of ours was written.
            db.ChangeTracker.Clear();
            throw new ConflictException("该报表刚被他人修改，您的操作未生效。请刷新后重试。");
        }
    }
}
