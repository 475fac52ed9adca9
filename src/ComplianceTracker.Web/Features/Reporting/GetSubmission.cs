using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>One institution's submission for a period as the API and the form page show it, with its validation.</summary>
public sealed class GetSubmissionHandler(ComplianceDbContext db, SubmissionContextLoader loader, ValidateSubmissionHandler validator, SubmissionChanges changes)
{
    public async Task<SubmissionView> HandleAsync(string form, string period, string institution, CancellationToken ct) =>
        await ViewAsync(await loader.LoadAsync(form, period, institution, ct), ct);

    public async Task<SubmissionView> ViewAsync(SubmissionContext context, CancellationToken ct)
    {
        var submission = context.Submission;
        var values = submission is null ? context.Form.Indicators.ToDictionary(i => i.Code, _ => (decimal?)null) : SubmissionJson.Values(submission.ValuesJson);
        var findings = submission is null ? [] : await validator.ValidateAsync(context, values, ct);
        var now = changes.Now;
        return new SubmissionView
        {
            FormCode = context.Form.Code,
            PeriodKey = context.Period.Key,
            InstitutionCode = context.Institution.Code,
            Status = submission?.Status ?? SubmissionStatus.NotStarted,
            Revision = submission?.Revision ?? 0,
            Values = values,
            Comments = submission is null ? [] : SubmissionJson.Comments(submission.CommentsJson),
            SubmittedAt = ToChina(submission?.SubmittedAt),
            FirstSubmittedAt = ToChina(submission?.FirstSubmittedAt),
            ApprovedAt = ToChina(submission?.ApprovedAt),
            ReturnReason = submission?.ReturnReason,
            SubmitNote = submission is null ? null : context.Facts is { } facts ? facts.SubmitNote : await db.SubmissionEvents.Where(e => e.SubmissionId == submission.Id && e.To == SubmissionStatus.Submitted)
                .OrderByDescending(e => e.Id).Select(e => e.Reason).FirstOrDefaultAsync(ct),
            DueAt = ChinaTime.ToChina(context.Period.DueAt),
            LockAt = ChinaTime.ToChina(context.Period.LockAt),
            IsLocked = now > context.Period.LockAt && !await changes.IsUnlockedAsync(context, now, ct),
            IsLate = submission?.FirstSubmittedAt is { } first ? first > context.Period.DueAt : now > context.Period.DueAt,
            Validation = findings.Select(f => new FindingDto(f.RuleCode, f.IndicatorCode, f.Severity, f.Message, f.ExemptionKey)).ToList(),
        };
    }

    /// <summary>The unlock that lets the institution change the period now (the one lasting longest), or null.</summary>
    public Task<PeriodUnlock?> ActiveUnlockAsync(SubmissionContext context, CancellationToken ct)
    {
        var now = changes.Now;
        return db.PeriodUnlocks.AsNoTracking()
            .Where(u => u.PeriodId == context.Period.Id && u.InstitutionId == context.Institution.Id && u.Until > now)
            .OrderByDescending(u => u.Until)
            .FirstOrDefaultAsync(ct);
    }

    private static DateTimeOffset? ToChina(DateTime? utc) => utc is { } u ? ChinaTime.ToChina(u) : null;
}
