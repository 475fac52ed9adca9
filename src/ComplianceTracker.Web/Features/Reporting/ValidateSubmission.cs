using ComplianceTracker.Web.Data;
using ComplianceTracker.Web.Domain;
using ComplianceTracker.Web.Features.Reporting.Rules;
using Microsoft.EntityFrameworkCore;

namespace ComplianceTracker.Web.Features.Reporting;

/// <summary>
/// The form's rules on a set of figures, with the same institution's previous period for <c>prev()</c>: what the
/// view shows, what blocks a submit, what the page checks as the reporter types, and what an Excel upload must pass.
/// A check set aside by a 例外校验许可 for the institution and period is left out. Saves nothing.
/// </summary>
public sealed class ValidateSubmissionHandler(ComplianceDbContext db)
{
    public async Task<IReadOnlyList<ValidationFinding>> ValidateAsync(ReportForm form, ReportPeriod period, int institutionId, IReadOnlyDictionary<string, decimal?> values, CancellationToken ct) =>
        Validate(form, values, await BaselineAsync(form.Id, period, institutionId, ct));

    /// <summary>The same on a submission's context: with the baseline read with it when it was (no query then).</summary>
    public async Task<IReadOnlyList<ValidationFinding>> ValidateAsync(SubmissionContext context, IReadOnlyDictionary<string, decimal?> values, CancellationToken ct) =>
        Validate(context.Form, values, context.Facts?.Baseline ?? await BaselineAsync(context.Form.Id, context.Period, context.Institution.Id, ct));

    /// <summary>What the rules compare the figures with, read in three queries (a submission's context reads it in its own).</summary>
    public async Task<ValidationBaseline> BaselineAsync(int formId, ReportPeriod period, int institutionId, CancellationToken ct)
    {
        var previous = await PreviousFiguresAsync(formId, period, institutionId, ct);
        var last = await LastReportedAsync(formId, period, institutionId, ct);
        var exempted = await db.RuleExemptions.Where(e => e.PeriodId == period.Id && e.InstitutionId == institutionId).Select(e => e.Rule).ToListAsync(ct);
        return new ValidationBaseline(previous, last?.ValuesJson, exempted);
    }

    private static List<ValidationFinding> Validate(ReportForm form, IReadOnlyDictionary<string, decimal?> values, ValidationBaseline baseline)
    {
        var previous = baseline.PreviousJson is null ? null : SubmissionJson.Values(baseline.PreviousJson);
        var indicators = form.Indicators.OrderBy(i => i.Ordinal).Select(i => i.ToInfo()).ToList();
        var findings = SubmissionValidator.Validate(indicators, form.Rules.OrderBy(r => r.Ordinal).Select(r => r.ToDefinition()).ToList(), values, previous).ToList();
        var lastValues = baseline.LastJson is null ? null : SubmissionJson.Values(baseline.LastJson);
        findings.AddRange(UnitSlipCheck.Find(indicators, values, lastValues));
        findings.AddRange(ChangeLimitCheck.Find(indicators, values, lastValues));

        // 例外校验许可: a check a supervisor set aside for this institution and period neither blocks nor asks for a comment.
        var exempted = baseline.Exempted;
        return exempted.Count == 0 ? findings : findings.Where(f => f.ExemptionKey is not { } key || !exempted.Contains(key)).ToList();
    }

    /// <summary>The institution's last reported period before <paramref name="period"/> (submitted or approved), with its figures; null when none.</summary>
    public Task<LastReported?> LastReportedAsync(int formId, ReportPeriod period, int institutionId, CancellationToken ct) =>
        db.Submissions
            .Where(s => s.FormId == formId && s.InstitutionId == institutionId && s.Period.End < period.Start
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .OrderByDescending(s => s.Period.End)
            .Select(s => new LastReported(s.Period.Key, s.Period.Start, s.Period.End, s.ValuesJson))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The figures of the period just before, as submitted (a draft or a returned report is no baseline); null when
    /// that period was not reported, so that <c>prev()</c> rules are skipped rather than compared with an older week.
    /// </summary>
    public Task<string?> PreviousFiguresAsync(int formId, ReportPeriod period, int institutionId, CancellationToken ct)
    {
        var previousPeriod = db.ReportPeriods.Where(p => p.FormId == formId && p.End < period.Start).OrderByDescending(p => p.End).Select(p => p.Id).Take(1);
        return db.Submissions
            .Where(s => s.InstitutionId == institutionId && previousPeriod.Contains(s.PeriodId)
                && (s.Status == SubmissionStatus.Submitted || s.Status == SubmissionStatus.Approved))
            .Select(s => s.ValuesJson)
            .FirstOrDefaultAsync(ct);
    }
}

/// <summary>
/// What a form's rules compare a submission's figures with: the previous period's figures as submitted
/// (<paramref name="PreviousJson"/>, for <c>prev()</c>), the last period reported (<paramref name="LastJson"/>, for the
/// unit-slip and change-limit checks), and the checks a 例外校验许可 sets aside (<paramref name="Exempted"/>).
/// </summary>
public sealed record ValidationBaseline(string? PreviousJson, string? LastJson, IReadOnlyCollection<string> Exempted);

/// <summary>A period an institution reported, and the figures it reported.</summary>
public sealed record LastReported(string PeriodKey, DateOnly Start, DateOnly End, string ValuesJson);
